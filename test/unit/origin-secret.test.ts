/**
 * Requests that bypass CloudFront: with the origin secret configured (as in AWS), the middy stack
 * of every HTTP function refuses a request without it before the handler runs; without the
 * setting (the local runtime), every request passes.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpHandler } from '#shared/http/handler';
import { checkOrigin, originSecretHeader } from '#shared/http/origin-secret';
import { pageHandler } from '#shared/pages/handler';
import { lambdaContext } from '../../infra/local/lambda.ts';

const secret = 'a'.repeat(24) + 'B'.repeat(24);

function event(headers: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'GET /health',
    rawPath: '/health',
    rawQueryString: '',
    headers,
    requestContext: { requestId: 'r1', http: { method: 'GET', path: '/health' } },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

const ok = vi.fn(async () => ({ statusCode: 200, body: 'ok' }));

afterEach(() => {
  vi.unstubAllEnvs();
  ok.mockClear();
});

describe('with ORIGIN_SECRET configured', () => {
  it('answers 403 problem+json to a request without the origin header, and never runs the handler', async () => {
    vi.stubEnv('ORIGIN_SECRET', secret);
    const handler = httpHandler(ok);
    const result = await handler(event({ accept: 'application/json' }), lambdaContext('health'));
    expect(result.statusCode).toBe(403);
    expect(result.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(result.body as string)).toMatchObject({
      status: 403,
      title: 'Forbidden',
      detail: 'Requests reach this service through its public address only.',
    });
    expect(ok).not.toHaveBeenCalled();
  });

  it.each([
    ['a wrong secret of the same length', 'a'.repeat(48)],
    ['a prefix of the secret', secret.slice(0, 20)],
    ['the secret and more', `${secret}x`],
  ])('refuses %s', async (_case, value) => {
    vi.stubEnv('ORIGIN_SECRET', secret);
    const result = await httpHandler(ok)(event({ [originSecretHeader]: value }), lambdaContext('health'));
    expect(result.statusCode).toBe(403);
    expect(ok).not.toHaveBeenCalled();
  });

  it('passes a request that carries it to the handler', async () => {
    vi.stubEnv('ORIGIN_SECRET', secret);
    const result = await httpHandler(ok)(event({ [originSecretHeader]: secret }), lambdaContext('health'));
    expect(result).toEqual({ statusCode: 200, body: 'ok' });
    expect(ok).toHaveBeenCalledOnce();
  });

  it('refuses a browser with an error page from page functions', async () => {
    vi.stubEnv('ORIGIN_SECRET', secret);
    const result = await pageHandler(ok)(event({ accept: 'text/html' }), lambdaContext('dashboard'));
    expect(result.statusCode).toBe(403);
    expect(result.headers?.['content-type']).toMatch(/^text\/html/);
    expect(ok).not.toHaveBeenCalled();
  });
});

describe('without ORIGIN_SECRET (the local runtime)', () => {
  it('passes every request', async () => {
    vi.stubEnv('ORIGIN_SECRET', undefined);
    const result = await httpHandler(ok)(event({}), lambdaContext('health'));
    expect(result.statusCode).toBe(200);
    expect(() => checkOrigin(undefined, undefined)).not.toThrow();
    expect(() => checkOrigin({}, '')).not.toThrow();
  });
});

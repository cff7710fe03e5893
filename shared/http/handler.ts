/**
 * The middy stack every HTTP function uses: first the check that the request came through
 * CloudFront (shared/http/origin-secret.ts), Powertools logging with the request id, the
 * same-origin rule for requests that change something (shared/http/origin.ts), and one error
 * boundary that turns domain errors into problem+json and everything else into a logged 500
 * (or 503 when the database is unreachable) that reveals nothing internal.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
// By name, not as `z.core.$ZodError` from zod/mini: that would bundle all of zod's core.
import { $ZodError } from 'zod/v4/core';
import { DomainError, Forbidden, fieldErrors, ServiceUnavailable } from '#shared/domain/errors';
import { crossSiteRefusal } from '#shared/http/origin';
import { checkOrigin } from '#shared/http/origin-secret';
import { type HttpResult, problem } from '#shared/http/responses';
import { logger } from '#shared/logger';

export type HttpFunction = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResult>;

const unavailableErrors = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'TimeoutError',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalServerError',
]);

function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  const causeCode = (error.cause as { code?: string } | undefined)?.code;
  return (
    [error.name, code, causeCode].some((value) => value !== undefined && unavailableErrors.has(value)) ||
    (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 503
  );
}

export function toProblem(error: unknown, requestId: string): HttpResult {
  const known =
    error instanceof DomainError
      ? error
      : error instanceof $ZodError
        ? new DomainError(422, 'Validation failed', 'The request has fields that need correcting.', fieldErrors(error))
        : isUnavailable(error)
          ? new ServiceUnavailable()
          : undefined;
  if (!known || known.status >= 500) {
    logger.error('Request failed', { error: error as Error });
  }
  if (!known) {
    return problem({
      type: 'about:blank',
      title: 'Internal server error',
      status: 500,
      detail: 'Something went wrong on our side; it has been logged.',
      requestId,
    });
  }
  return problem(
    {
      type: 'about:blank',
      title: known.title,
      status: known.status,
      detail: known.message,
      requestId,
      ...(known.fieldErrors.length > 0 ? { errors: known.fieldErrors } : {}),
    },
    known.headers,
  );
}

/** Lets page functions answer a browser's failed request with a page instead of problem+json. */
export type ErrorPage = (problem: HttpResult, event: APIGatewayProxyEventV2) => Promise<HttpResult | undefined> | HttpResult | undefined;

export function httpHandler(fn: HttpFunction, errorPage?: ErrorPage) {
  // Read once, at load: the ORIGIN_SECRET setting (shared/settings.ts), absent locally.
  const originSecret = process.env.ORIGIN_SECRET;
  return middy<APIGatewayProxyEventV2, HttpResult>()
    .use({ before: (request) => checkOrigin(request.event.headers, originSecret) })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      onError: async (request) => {
        const answer = toProblem(request.error, request.event.requestContext?.requestId ?? request.context.awsRequestId);
        request.response = (await errorPage?.(answer, request.event)) ?? answer;
      },
    })
    .use({
      before: (request) => {
        const refusal = crossSiteRefusal(request.event.requestContext?.http?.method ?? 'GET', request.event.headers ?? {});
        if (refusal) throw new Forbidden(refusal);
      },
    })
    .handler(fn);
}

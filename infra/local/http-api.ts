/**
 * A local stand-in for CloudFront and API Gateway's HTTP API: it serves the pages' assets under
 * /assets/<version>/ from the files a deployment copies to the assets bucket (the version the
 * views were compiled with; any other is not found), matches other requests
 * against the functions' routes, builds payload-format-2.0 events (bodies base64-encoded where
 * HTTP API would), and writes back the handler's structured result.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type Route, routeKey } from '#shared/function-definition';
import { asset, assetCacheControl, assetsPath } from '#shared/pages/assets';
import { pageAssetsPath } from '#shared/pages/render';
import { type FunctionName, routes } from '../../functions/index.ts';

/** HTTP API's own payload limit; the handlers apply the stricter limits of each route. */
const maxPayloadBytes = 10 * 1024 * 1024;

interface CompiledRoute {
  route: Route<FunctionName>;
  pattern: RegExp;
  names: string[];
}

const compiled: CompiledRoute[] = routes
  .map((route) => {
    const names: string[] = [];
    // `{name}` is one segment; `{name+}` (a greedy parameter) is the rest of the path.
    const source = route.path.replace(/[.*?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)(\+?)\}/g, (_match, name: string, greedy: string) => {
      names.push(name);
      return greedy ? '(.+)' : '([^/]+)';
    });
    return { route, pattern: new RegExp(`^${source}$`), names };
  })
  // As in API Gateway, a literal segment wins over a path parameter (`/updates/new` over `/updates/{updateId}`).
  .sort(
    (a, b) => b.route.path.split('/').filter((part) => !part.startsWith('{')).length - a.route.path.split('/').filter((part) => !part.startsWith('{')).length,
  );

export function matchRoute(
  method: string,
  path: string,
): { route: Route<FunctionName>; pathParameters: Record<string, string> } | { allowed: string[] } | { malformed: true } | null {
  const allowed: string[] = [];
  for (const { route, pattern, names } of compiled) {
    const match = pattern.exec(path);
    if (!match) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    try {
      const pathParameters = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
      return { route, pathParameters };
    } catch {
      // A malformed percent-encoding: API Gateway answers such a path with a 400 before any function runs.
      return { malformed: true };
    }
  }
  return allowed.length > 0 ? { allowed } : null;
}

/** HTTP API passes text bodies as they are and base64-encodes everything else (form posts included). */
function isTextual(contentType: string): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type.startsWith('text/') || /^application\/([\w.+-]+\+)?json$/.test(type) || type === 'application/xml' || type === 'application/javascript';
}

export function toEvent(
  request: { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: Buffer; remoteAddress?: string },
  route: Route,
  pathParameters: Record<string, string>,
): APIGatewayProxyEventV2 {
  const url = new URL(request.url, 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  // API Gateway sets the scheme the client used (https there); the same-origin rule reads it.
  headers['x-forwarded-proto'] = 'http';
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const now = new Date();
  const hasBody = request.body.length > 0;
  const textual = isTextual(headers['content-type'] ?? '');
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(headers.cookie ? { cookies: headers.cookie.split(/;\s*/) } : {}),
    headers,
    ...(url.search ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: request.method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: routeKey(route),
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(hasBody ? { body: textual ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !textual,
  };
}

function send(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined);
}

function problem(response: ServerResponse, status: number, title: string, headers: Record<string, string> = {}): void {
  send(response, {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify({ type: 'about:blank', title, status }),
  });
}

async function readRequest(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxPayloadBytes) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** What CloudFront's assets behaviour answers: the file of the pages' version from the bucket, GET and HEAD only. */
function sendAsset(response: ServerResponse, method: string, path: string): void {
  if (method !== 'GET' && method !== 'HEAD') {
    problem(response, 405, 'Method not allowed', { allow: 'GET, HEAD' });
    return;
  }
  // Only this build's files exist here: another version's path, or none, is not found.
  if (!path.startsWith(`${pageAssetsPath}/`)) {
    problem(response, 404, 'Not found');
    return;
  }
  let found: ReturnType<typeof asset>;
  try {
    found = asset(decodeURIComponent(path.slice(pageAssetsPath.length + 1)));
  } catch {
    problem(response, 400, 'Bad request');
    return;
  }
  if (!found) {
    problem(response, 404, 'Not found');
    return;
  }
  response.writeHead(200, { 'content-type': found.contentType, 'cache-control': assetCacheControl, 'x-content-type-options': 'nosniff' });
  response.end(method === 'HEAD' ? undefined : found.body);
}

export type Invoke = (name: FunctionName, event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export function createHttpApi(invoke: Invoke, onError: (error: unknown) => void = () => undefined): Server {
  return createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const method = request.method ?? 'GET';
      if (url.pathname.startsWith(`${assetsPath}/`)) return sendAsset(response, method, url.pathname);
      const match = matchRoute(method, url.pathname);
      if (!match) return problem(response, 404, 'Not found');
      if ('allowed' in match) return problem(response, 405, 'Method not allowed', { allow: match.allowed.join(', ') });
      if ('malformed' in match) return problem(response, 400, 'Bad request');
      const body = await readRequest(request);
      if (body === null) return problem(response, 413, 'Payload too large');
      const event = toEvent(
        {
          method,
          url: request.url ?? '/',
          headers: request.headers,
          body,
          ...(request.socket.remoteAddress ? { remoteAddress: request.socket.remoteAddress } : {}),
        },
        match.route,
        match.pathParameters,
      );
      send(response, await invoke(match.route.function, event));
    } catch (error) {
      // What API Gateway does when the integration fails: a bare 500 with no details.
      onError(error);
      if (!response.headersSent) problem(response, 500, 'Internal server error');
      else response.destroy();
    }
  });
}

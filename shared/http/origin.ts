/**
 * The same-origin rule for every request that changes something: a browser says where a
 * request began (`Sec-Fetch-Site`, `Origin`), and a post that began on another site is
 * refused, so a page elsewhere can neither act with a person's session nor plant its own
 * (login CSRF). A client that sends neither header is not a browser acting on its own and
 * passes; so does one with an `Authorization` header, which no browser adds by itself.
 *
 * The request's own origin is its scheme and host as the function sees them: API Gateway sets
 * `X-Forwarded-Proto` (the local runtime too) and passes the `Host` the client used. A proxy
 * in front that sends the API's own host instead (CloudFront to an execute-api origin) must
 * pass the viewer's host as `X-Forwarded-Host`, which wins when present.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
const allowedSites = new Set(['same-origin', 'none']);

type Headers = APIGatewayProxyEventV2['headers'];

const first = (value: string | undefined): string | undefined => value?.split(',')[0]?.trim() || undefined;

/** `scheme://host` of the request as its client addressed it, when the headers say. */
export function ownOrigin(headers: Headers): string | undefined {
  const host = first(headers['x-forwarded-host']) ?? first(headers.host);
  return host ? `${(first(headers['x-forwarded-proto']) ?? 'https').toLowerCase()}://${host.toLowerCase()}` : undefined;
}

/** Why a request must be refused as cross-site, or undefined when it may go on. */
export function crossSiteRefusal(method: string, headers: Headers): string | undefined {
  if (safeMethods.has(method.toUpperCase()) || headers.authorization) return undefined;
  const site = headers['sec-fetch-site'];
  if (site !== undefined && !allowedSites.has(site.trim().toLowerCase())) return 'This form was sent from another site, so it was not accepted.';
  const origin = headers.origin;
  if (origin !== undefined && origin.trim().toLowerCase() !== ownOrigin(headers)) return 'This form was sent from another site, so it was not accepted.';
  return undefined;
}

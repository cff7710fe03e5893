/** Where a sponsor token may arrive: an `Authorization: Bearer` header or a `token` form field. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Unauthorised } from '../domain/errors.ts';
import type { RequestBody } from './body.ts';

export function presentedToken(event: APIGatewayProxyEventV2, body?: RequestBody): string {
  const header = event.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new Unauthorised('Use the Authorization header as "Bearer <token>".');
    return match[1]!;
  }
  const field = body?.kind === 'form' ? body.fields.token : undefined;
  if (typeof field === 'string' && field.length > 0) return field;
  throw new Unauthorised();
}

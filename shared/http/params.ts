/**
 * Path parameters, checked before they reach a key: an id that cannot name a priority or an
 * update is simply not found (and never becomes an over-long or odd DynamoDB key).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { slugSchema } from '#shared/domain/catalogue';
import { NotFound } from '#shared/domain/errors';
import { isUpdateId } from '#shared/domain/ids';

export function priorityIdOf(event: APIGatewayProxyEventV2): string {
  const id = event.pathParameters?.id ?? '';
  if (!slugSchema.safeParse(id).success) throw new NotFound('There is no such priority.');
  return id;
}

export function updateIdOf(event: APIGatewayProxyEventV2): string {
  const id = event.pathParameters?.updateId ?? '';
  if (!isUpdateId(id)) throw new NotFound('There is no such update.');
  return id;
}

/** An ask's id within its priority: a slug, as the catalogue gives it. */
export function askIdOf(event: APIGatewayProxyEventV2): string {
  const id = event.pathParameters?.askId ?? '';
  if (!slugSchema.safeParse(id).success) throw new NotFound('There is no such ask.');
  return id;
}

/**
 * Path parameters, checked before they reach a key: an id that cannot name a priority or an
 * update is simply not found (and never becomes an over-long or odd DynamoDB key).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { slugSchema } from '../domain/catalogue.ts';
import { NotFound } from '../domain/errors.ts';

const ulid = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function priorityIdOf(event: APIGatewayProxyEventV2): string {
  const id = event.pathParameters?.id ?? '';
  if (!slugSchema.safeParse(id).success) throw new NotFound('There is no such priority.');
  return id;
}

export function updateIdOf(event: APIGatewayProxyEventV2): string {
  const id = event.pathParameters?.updateId ?? '';
  if (!ulid.test(id)) throw new NotFound('There is no such update.');
  return id;
}

/**
 * How a function describes its routes for the OpenAPI description (functions/<name>/api.ts):
 * what each route does and answers, and the request shapes only its routes read. The unit
 * tests hold the statuses listed here to the document and to the handlers.
 */
import type * as z from 'zod';
import { type FunctionDefinition, type Route, type RouteAddress, type RouteKeyOf, routeKey } from '#shared/function-definition';
import type { ComponentSchema, ResponseSchemaName, SecuritySchemeName, TagName } from '#shared/http/api-components';

export type ResponseHeaderName = 'Location' | 'Set-Cookie' | 'Content-Disposition';

/** A successful answer (or a redirect). */
export interface Answer {
  description: string;
  /** Media type to a component's name, or to a zod schema for a body without structure. */
  content?: Record<string, ResponseSchemaName | z.core.$ZodType>;
  headers?: ResponseHeaderName[];
}

/** One route; `RequestName` is a request shape the function names in its `requestSchemas`. */
export interface RouteDescription<RequestName extends string = string> {
  operationId: string;
  tag: TagName;
  summary: string;
  description: string;
  /** Query parameters, one per field. */
  query?: z.core.$ZodObject;
  requestHeaders?: Record<string, { description: string; schema: z.core.$ZodType }>;
  requestBody?: { description: string; content: Record<string, RequestName> };
  /** Any one of these schemes will do; absent for open routes. */
  security?: SecuritySchemeName[];
  /** The function uses pageHandler: a browser's failed request gets a page instead of problem+json. */
  errorPages: boolean;
  /** Every status the route can answer: an Answer, or for an error the text of its problem. */
  responses: Record<number, Answer | string>;
}

/** The API description of one function's routes, as the OpenAPI builder takes it. */
export interface FunctionApi {
  /** The routes, in the order of the definition, each with the function that serves it. */
  routes: readonly Route[];
  /** By route key, one per route. */
  descriptions: Readonly<Record<string, RouteDescription>>;
  /** Shapes the routes read, converted as zod inputs (a field with a default may be left out). */
  requestSchemas: Readonly<Record<string, ComponentSchema>>;
}

/**
 * A function's routes described: the compiler holds the descriptions to the definition's routes,
 * one each, and a request body to the shapes named in `requestSchemas`.
 */
export function describeRoutes<const D extends FunctionDefinition & { routes: readonly RouteAddress[] }, RequestName extends string = never>(
  definition: D,
  api: { requestSchemas?: Record<RequestName, ComponentSchema>; routes: Record<RouteKeyOf<D>, RouteDescription<NoInfer<RequestName>>> },
): FunctionApi {
  return {
    routes: definition.routes.map((route) => ({ method: route.method, path: route.path, function: definition.name })),
    descriptions: Object.fromEntries(definition.routes.map((route) => [routeKey(route), api.routes[routeKey(route) as RouteKeyOf<D>]])),
    requestSchemas: api.requestSchemas ?? {},
  };
}

/**
 * The OpenAPI 3.1 description of the HTTP API, built from the functions' descriptions of their
 * routes (functions/api.ts, passed in: every deployed route is described) and the zod schemas
 * the code uses (so the shapes cannot be described wrongly by hand). Deterministic: the same
 * code always gives the same document, so it can be committed (docs/openapi.json, written by
 * `npm run openapi`).
 */
import * as z from 'zod';
import { routeKey } from '#shared/function-definition';
import { type ComponentSchema, pathParameters, responseSchemas, securitySchemes, tags } from '#shared/http/api-components';
import type { Answer, FunctionApi, ResponseHeaderName, RouteDescription } from '#shared/http/route-description';

type JsonSchema = z.core.JSONSchema.JSONSchema;

interface Reference {
  $ref: string;
  description?: string;
}

interface MediaTypeObject {
  schema: JsonSchema;
}

interface HeaderObject {
  description: string;
  schema: JsonSchema;
}

interface ResponseObject {
  description: string;
  headers?: Record<string, Reference>;
  content?: Record<string, MediaTypeObject>;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

interface Operation {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  parameters?: Parameter[];
  requestBody?: { description: string; required: true; content: Record<string, MediaTypeObject> };
  security?: Record<string, string[]>[];
  responses: Record<string, ResponseObject | Reference>;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string; license: { name: string; identifier: string } };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, ResponseObject>;
    headers: Record<string, HeaderObject>;
    securitySchemes: typeof securitySchemes;
  };
}

/** The API's version, kept equal to package.json's by a unit test (reading package.json would bundle it). */
export const apiVersion = '0.1.0';

const target = 'draft-2020-12';

/** A schema as the document embeds it: OpenAPI 3.1 schemas take the document's dialect, so no `$schema` or `$id`. */
function embedded(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

function inline(schema: z.core.$ZodType, io: 'input' | 'output'): JsonSchema {
  return embedded(z.toJSONSchema(schema, { target, io }));
}

const schemaRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

function byKey<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The shapes the routes read, from every function's `requestSchemas`; a name is one shape. */
function requestSchemasOf(functionApis: readonly FunctionApi[]): Record<string, ComponentSchema> {
  const all: Record<string, ComponentSchema> = {};
  for (const api of functionApis) {
    for (const [id, component] of Object.entries(api.requestSchemas)) {
      if (id in all) throw new Error(`Two functions describe a request schema named ${id}`);
      all[id] = component;
    }
  }
  return all;
}

/** Each group is converted in one pass over a registry, so a schema used inside another becomes a `$ref`. */
function componentSchemas(requestSchemas: Record<string, ComponentSchema>): Record<string, JsonSchema> {
  const all = new Map<string, JsonSchema>();
  const groups: [Record<string, ComponentSchema>, 'input' | 'output'][] = [
    [responseSchemas, 'output'],
    [requestSchemas, 'input'],
  ];
  for (const [components, io] of groups) {
    const registry = z.registry<{ id: string }>();
    for (const [id, { schema }] of Object.entries(components)) registry.add(schema, { id });
    const { schemas } = z.toJSONSchema(registry, { target, io, uri: (id) => `#/components/schemas/${id}` });
    for (const [id, { description }] of Object.entries(components)) {
      if (all.has(id)) throw new Error(`Two component schemas are named ${id}`);
      all.set(id, { description, ...embedded(schemas[id]!) });
    }
  }
  return byKey(all);
}

const headerComponents: Record<string, HeaderObject> = {
  ContentDisposition: { description: '`attachment`, with a file name.', schema: inline(z.string(), 'output') },
  Location: { description: 'The address of the recorded update, or of the board pack.', schema: inline(z.string(), 'output') },
  RetryAfter: { description: 'Seconds to wait before trying again.', schema: inline(z.number().int().min(0), 'output') },
  SetCookie: { description: 'The session cookie (HttpOnly, Secure, SameSite=Strict), when a personal link was opened.', schema: inline(z.string(), 'output') },
  WwwAuthenticate: { description: '`Bearer realm="recovery-progress"`.', schema: inline(z.string(), 'output') },
};

const responseHeaders: Record<ResponseHeaderName, string> = {
  Location: 'Location',
  'Set-Cookie': 'SetCookie',
  'Content-Disposition': 'ContentDisposition',
};

const headerRef = (name: string): Reference => ({ $ref: `#/components/headers/${name}` });

/** Problems share a few response components: by status for their headers, and whether a browser gets a page. */
function problemResponse(status: number, errorPages: boolean): { name: string; response: ResponseObject } {
  const [base, headers]: [string, Record<string, Reference>] =
    status === 401
      ? ['Unauthorised', { 'WWW-Authenticate': headerRef('WwwAuthenticate') }]
      : status === 503
        ? ['ServiceUnavailable', { 'Retry-After': headerRef('RetryAfter') }]
        : ['Problem', {}];
  const content: Record<string, MediaTypeObject> = { 'application/problem+json': { schema: schemaRef('Problem') } };
  if (errorPages) content['text/html'] = { schema: inline(z.string().describe('A page that explains the problem.'), 'output') };
  return {
    name: errorPages ? `${base}OrPage` : base,
    response: {
      description: errorPages ? 'A problem (RFC 9457); a browser (`Accept: text/html`) gets a page that explains it instead.' : 'A problem (RFC 9457).',
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      content,
    },
  };
}

function mediaTypes(content: Record<string, string | z.core.$ZodType>, io: 'input' | 'output'): Record<string, MediaTypeObject> {
  return Object.fromEntries(Object.entries(content).map(([type, body]) => [type, { schema: typeof body === 'string' ? schemaRef(body) : inline(body, io) }]));
}

function answer(value: Answer): ResponseObject {
  return {
    description: value.description,
    ...(value.headers ? { headers: Object.fromEntries(value.headers.map((name) => [name, headerRef(responseHeaders[name])])) } : {}),
    ...(value.content ? { content: mediaTypes(value.content, 'output') } : {}),
  };
}

/** `{proxy+}`, API Gateway's greedy parameter, is an ordinary path parameter to OpenAPI. */
export function openApiPath(path: string): string {
  return path.replace(/\{(\w+)\+\}/g, '{$1}');
}

function parameters(path: string, doc: RouteDescription): Parameter[] {
  const inPath = [...path.matchAll(/\{(\w+)\+?\}/g)].map(([, name]): Parameter => {
    const known = pathParameters[name!];
    if (!known) throw new Error(`The path parameter ${name} of ${path} has no description in shared/http/api-components.ts`);
    return { name: name!, in: 'path', required: true, description: known.description, schema: inline(known.schema, 'input') };
  });
  const query = doc.query ? inline(doc.query, 'input') : undefined;
  const inQuery = Object.entries(query?.properties ?? {}).map(([name, property]): Parameter => {
    const { description, ...schema } = typeof property === 'boolean' ? {} : property;
    return { name, in: 'query', required: query?.required?.includes(name) ?? false, ...(description ? { description } : {}), schema };
  });
  const inHeaders = Object.entries(doc.requestHeaders ?? {}).map(
    ([name, header]): Parameter => ({ name, in: 'header', required: false, description: header.description, schema: inline(header.schema, 'input') }),
  );
  return [...inPath, ...inQuery, ...inHeaders];
}

/** The document of the routes the functions describe (functions/api.ts), in their order. */
export function openApiDocument(functionApis: readonly FunctionApi[]): OpenApiDocument {
  const paths: Record<string, Record<string, Operation>> = {};
  const problems = new Map<string, ResponseObject>();
  const described = functionApis.flatMap((api) => {
    const keys = new Set(api.routes.map(routeKey));
    for (const key of Object.keys(api.descriptions)) {
      if (!keys.has(key)) throw new Error(`functions/${api.routes[0]?.function}/api.ts describes ${key}, which is not one of its routes`);
    }
    return api.routes.map((route) => ({ route, doc: api.descriptions[routeKey(route)] }));
  });

  for (const { route, doc } of described) {
    if (!doc) throw new Error(`The route ${routeKey(route)} has no description in functions/${route.function}/api.ts`);
    const responses: Record<string, ResponseObject | Reference> = {};
    for (const [status, value] of Object.entries(doc.responses)) {
      if (typeof value !== 'string') {
        responses[status] = answer(value);
        continue;
      }
      const { name, response } = problemResponse(Number(status), doc.errorPages);
      problems.set(name, response);
      responses[status] = { $ref: `#/components/responses/${name}`, description: value };
    }
    const found = parameters(route.path, doc);
    const operation: Operation = {
      operationId: doc.operationId,
      tags: [doc.tag],
      summary: doc.summary,
      description: doc.description,
      ...(found.length > 0 ? { parameters: found } : {}),
      ...(doc.requestBody
        ? { requestBody: { description: doc.requestBody.description, required: true, content: mediaTypes(doc.requestBody.content, 'input') } }
        : {}),
      ...(doc.security ? { security: doc.security.map((scheme) => ({ [scheme]: [] })) } : {}),
      responses,
    };
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Recovery progress',
      version: apiVersion,
      description:
        'Progress reporting for a regional recovery programme: sponsors post updates on their priorities, and every priority’s summary and the portfolio follow from them. Reads are open; writes need a sponsor token or the session a personal link starts. Errors are problem details (RFC 9457); routes that serve pages answer browsers (`Accept: text/html`) with pages.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    tags: Object.entries(tags).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: componentSchemas(requestSchemasOf(functionApis)),
      responses: byKey(problems),
      headers: headerComponents,
      securitySchemes,
    },
  };
}

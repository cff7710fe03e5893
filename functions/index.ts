/**
 * Every function, assembled from the definitions beside their handlers: the CDK app deploys
 * one Lambda per entry and one API route per route, and the local runtime serves the same.
 * A new function is a folder (definition.ts, handler.ts, and api.ts when it serves routes)
 * and one entry here. The order is the route table's: the OpenAPI document lists paths in it.
 */
import type { FunctionDefinition, Route } from '#shared/function-definition';
import { definition as asks } from './asks/definition.ts';
import { definition as assessmentForm } from './assessment-form/definition.ts';
import { definition as boardBarriers } from './board-barriers/definition.ts';
import { definition as boardPackOnRequest } from './board-pack-on-request/definition.ts';
import { definition as boardPackOnSchedule } from './board-pack-on-schedule/definition.ts';
import { definition as boardPackPages } from './board-pack-pages/definition.ts';
import { definition as changeAsk } from './change-ask/definition.ts';
import { definition as commitmentDefinitions } from './commitment-definitions/definition.ts';
import { definition as commitments } from './commitments/definition.ts';
import { definition as commitmentsPage } from './commitments-page/definition.ts';
import { definition as correctUpdate } from './correct-update/definition.ts';
import { definition as dashboard } from './dashboard/definition.ts';
import { definition as digest } from './digest/definition.ts';
import { definition as emailEvents } from './email-events/definition.ts';
import { definition as exportAudit } from './export-audit/definition.ts';
import { definition as exportPortfolio } from './export-portfolio/definition.ts';
import { definition as exportUpdates } from './export-updates/definition.ts';
import { definition as getPortfolio } from './get-portfolio/definition.ts';
import { definition as getPriority } from './get-priority/definition.ts';
import { definition as getUpdate } from './get-update/definition.ts';
import { definition as health } from './health/definition.ts';
import { definition as listPriorities } from './list-priorities/definition.ts';
import { definition as listUpdates } from './list-updates/definition.ts';
import { definition as missedUpdates } from './missed-updates/definition.ts';
import { definition as notify } from './notify/definition.ts';
import { definition as openapi } from './openapi/definition.ts';
import { definition as preferences } from './preferences/definition.ts';
import { definition as reconcile } from './reconcile/definition.ts';
import { definition as recordAssessment } from './record-assessment/definition.ts';
import { definition as recordUpdate } from './record-update/definition.ts';
import { definition as redrive } from './redrive/definition.ts';
import { definition as respondToBarrier } from './respond-to-barrier/definition.ts';
import { definition as seed } from './seed/definition.ts';
import { definition as sessions } from './sessions/definition.ts';
import { definition as statutoryPages } from './statutory-pages/definition.ts';
import { definition as summarise } from './summarise/definition.ts';
import { definition as updateForm } from './update-form/definition.ts';

export const definitions = [
  dashboard,
  health,
  listPriorities,
  getPriority,
  listUpdates,
  recordUpdate,
  updateForm,
  getUpdate,
  correctUpdate,
  recordAssessment,
  assessmentForm,
  sessions,
  missedUpdates,
  boardBarriers,
  respondToBarrier,
  asks,
  changeAsk,
  commitmentsPage,
  commitmentDefinitions,
  getPortfolio,
  exportPortfolio,
  exportUpdates,
  preferences,
  boardPackPages,
  boardPackOnRequest,
  exportAudit,
  openapi,
  statutoryPages,
  // Streams, schedules and deployments.
  summarise,
  commitments,
  notify,
  digest,
  emailEvents,
  reconcile,
  redrive,
  boardPackOnSchedule,
  seed,
] as const satisfies readonly FunctionDefinition[];

type Definition = (typeof definitions)[number];
export type FunctionName = Definition['name'];

/** The definitions by name, each with its own literal type. */
export const functions = Object.fromEntries(definitions.map((definition) => [definition.name, definition])) as { [D in Definition as D['name']]: D };

/** Every route, with the function that serves it. */
export const routes: readonly Route<FunctionName>[] = definitions.flatMap((definition: FunctionDefinition & { name: FunctionName }) =>
  (definition.routes ?? []).map((route) => ({ method: route.method, path: route.path, function: definition.name })),
);

/** A function's handler module, from the project root; it exports `handler`. */
export function entryOf(name: string): string {
  return `functions/${name}/handler.ts`;
}

/** Each stream consumer's event filter by the name its function goes by: the redrive's STREAM_CONSUMER_FILTERS. */
export function streamConsumerFilters(nameOf: (name: FunctionName) => string): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    definitions.flatMap((definition: FunctionDefinition & { name: FunctionName }) =>
      definition.stream ? [[nameOf(definition.name), definition.stream.filter]] : [],
    ),
  );
}

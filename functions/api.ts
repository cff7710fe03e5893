/**
 * The API description of every function that serves routes, for the OpenAPI document (the
 * `openapi` function and `npm run openapi`). The compiler requires one for each function whose
 * definition has routes.
 */
import type { FunctionApi } from '#shared/http/route-description';
import { api as asks } from './asks/api.ts';
import { api as assessmentForm } from './assessment-form/api.ts';
import { api as boardBarriers } from './board-barriers/api.ts';
import { api as boardPackOnRequest } from './board-pack-on-request/api.ts';
import { api as boardPackPages } from './board-pack-pages/api.ts';
import { api as changeAsk } from './change-ask/api.ts';
import { api as commitmentDefinitions } from './commitment-definitions/api.ts';
import { api as commitmentsPage } from './commitments-page/api.ts';
import { api as correctUpdate } from './correct-update/api.ts';
import { api as dashboard } from './dashboard/api.ts';
import { api as exportAudit } from './export-audit/api.ts';
import { api as exportPortfolio } from './export-portfolio/api.ts';
import { api as exportUpdates } from './export-updates/api.ts';
import { api as getPortfolio } from './get-portfolio/api.ts';
import { api as getPriority } from './get-priority/api.ts';
import { api as getUpdate } from './get-update/api.ts';
import { api as health } from './health/api.ts';
import { definitions } from './index.ts';
import { api as listPriorities } from './list-priorities/api.ts';
import { api as listUpdates } from './list-updates/api.ts';
import { api as missedUpdates } from './missed-updates/api.ts';
import { api as openapi } from './openapi/api.ts';
import { api as preferences } from './preferences/api.ts';
import { api as recordAssessment } from './record-assessment/api.ts';
import { api as recordUpdate } from './record-update/api.ts';
import { api as respondToBarrier } from './respond-to-barrier/api.ts';
import { api as sessions } from './sessions/api.ts';
import { api as statutoryPages } from './statutory-pages/api.ts';
import { api as updateForm } from './update-form/api.ts';

type Served = Extract<(typeof definitions)[number], { routes: readonly unknown[] }>['name'];

const apis: Record<Served, FunctionApi> = {
  'assessment-form': assessmentForm,
  asks,
  'board-barriers': boardBarriers,
  'board-pack-on-request': boardPackOnRequest,
  'board-pack-pages': boardPackPages,
  'change-ask': changeAsk,
  'commitment-definitions': commitmentDefinitions,
  'commitments-page': commitmentsPage,
  dashboard,
  'export-audit': exportAudit,
  'export-portfolio': exportPortfolio,
  'export-updates': exportUpdates,
  'get-portfolio': getPortfolio,
  'get-priority': getPriority,
  'get-update': getUpdate,
  'correct-update': correctUpdate,
  health,
  'list-priorities': listPriorities,
  'list-updates': listUpdates,
  'missed-updates': missedUpdates,
  openapi,
  preferences,
  'record-assessment': recordAssessment,
  'record-update': recordUpdate,
  'respond-to-barrier': respondToBarrier,
  sessions,
  'statutory-pages': statutoryPages,
  'update-form': updateForm,
};

/** In the order of the function list's routes, which is the order of the document's paths. */
export const functionApis: readonly FunctionApi[] = definitions.flatMap((definition) => ('routes' in definition ? [apis[definition.name]] : []));

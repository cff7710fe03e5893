/**
 * The API description of every function that serves routes, for the OpenAPI document (the
 * `openapi` function and `npm run openapi`) and the docs' route list. In the order of
 * functions/index.ts, which is the order of the document's paths.
 */
import type { FunctionApi } from '#shared/http/route-description';
import { api as assessmentForm } from './assessment-form/api.ts';
import { api as assets } from './assets/api.ts';
import { api as boardBarriers } from './board-barriers/api.ts';
import { api as boardPackOnRequest } from './board-pack-on-request/api.ts';
import { api as boardPackPages } from './board-pack-pages/api.ts';
import { api as dashboard } from './dashboard/api.ts';
import { api as exportPortfolio } from './export-portfolio/api.ts';
import { api as exportUpdates } from './export-updates/api.ts';
import { api as getPortfolio } from './get-portfolio/api.ts';
import { api as getPriority } from './get-priority/api.ts';
import { api as getUpdate } from './get-update/api.ts';
import { api as health } from './health/api.ts';
import { api as listPriorities } from './list-priorities/api.ts';
import { api as listUpdates } from './list-updates/api.ts';
import { api as missedUpdates } from './missed-updates/api.ts';
import { api as openapi } from './openapi/api.ts';
import { api as preferences } from './preferences/api.ts';
import { api as recordAssessment } from './record-assessment/api.ts';
import { api as recordUpdate } from './record-update/api.ts';
import { api as respondToBarrier } from './respond-to-barrier/api.ts';
import { api as statutoryPages } from './statutory-pages/api.ts';
import { api as updateForm } from './update-form/api.ts';

export const functionApis: readonly FunctionApi[] = [
  dashboard,
  assets,
  health,
  listPriorities,
  getPriority,
  listUpdates,
  recordUpdate,
  updateForm,
  getUpdate,
  recordAssessment,
  assessmentForm,
  missedUpdates,
  boardBarriers,
  respondToBarrier,
  getPortfolio,
  exportPortfolio,
  exportUpdates,
  preferences,
  boardPackPages,
  boardPackOnRequest,
  openapi,
  statutoryPages,
];

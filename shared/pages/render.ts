/** A page: its view rendered with what every page shows (the service's name, the time, the stylesheet's path) and its nonce. */
import { assetsPath } from '#shared/pages/assets';
import { type CompiledView, renderView } from '#shared/views/render';

export const serviceName = 'Recovery progress';

export function renderPage(view: CompiledView, context: Record<string, unknown> & { cspNonce: string }): string {
  return renderView(view, { serviceName, serviceUrl: '/', assetPath: assetsPath, now: new Date().toISOString(), ...context });
}

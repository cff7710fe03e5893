/** A page: its view rendered with what every page shows (the service's name, the time, the assets' path) and its nonce. */
import { assetVersion } from '#compiled-views/assets';
import { versionedAssetsPath } from '#shared/pages/assets';
import { type CompiledView, renderView } from '#shared/views/render';

export const serviceName = 'Recovery progress';

/** Where pages find their stylesheet and images: the version of the assets the build compiled with the views. */
export const pageAssetsPath = versionedAssetsPath(assetVersion);

export function renderPage(view: CompiledView, context: Record<string, unknown> & { cspNonce: string }): string {
  return renderView(view, { serviceName, serviceUrl: '/', assetPath: pageAssetsPath, now: new Date().toISOString(), ...context });
}

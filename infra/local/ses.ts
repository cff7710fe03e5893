/** The local SES v2 endpoint (aws-ses-v2-local), in this process; sent mail shows on its web page. */
import type { Server } from 'node:http';
import sesEmulator from 'aws-ses-v2-local';

type StartEmulator = typeof sesEmulator;

// The package is CommonJS with a `default` export: Node's ESM loader hands over the whole
// module object, while bundlers and vitest unwrap it.
const startEmulator: StartEmulator = typeof sesEmulator === 'function' ? sesEmulator : (sesEmulator as unknown as { default: StartEmulator }).default;

export interface RunningSes {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startSes(port: number): Promise<RunningSes> {
  const server: Server = await startEmulator({ host: '127.0.0.1', port });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    endpoint: `http://127.0.0.1:${actual}`,
    stop: () =>
      new Promise<void>((resolveStop) => {
        server.close(() => resolveStop());
        server.closeAllConnections();
      }),
  };
}

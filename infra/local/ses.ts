/** The local SES v2 endpoint (aws-ses-v2-local), in this process; sent mail shows on its web page. */
import type { Server } from 'node:http';
import startSesEmulator from 'aws-ses-v2-local';

export interface RunningSes {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startSes(port: number): Promise<RunningSes> {
  const server: Server = await startSesEmulator({ host: '127.0.0.1', port });
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

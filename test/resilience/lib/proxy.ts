/**
 * A forwarding HTTP proxy in front of a local service (the SES emulator, DynamoDB Local) that a
 * test can turn into a dead or throttling endpoint: every request, or only the ones a predicate
 * picks, has its connection dropped (as when the service is down) or gets an error answer. It
 * counts what it drops and answers itself, so retries can be seen.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';

export interface ProxiedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface FaultProxy {
  url: string;
  /** Where requests go; set once the service's address is known. */
  target: string | undefined;
  /** Drops the connection of every request for which it returns true, before it reaches the service. */
  fail: (request: ProxiedRequest) => boolean;
  /**
   * Decides, once the service has answered, whether the client hears it: true drops the
   * connection instead (the service acted, the client never hears). It may wait first.
   */
  loseAnswer: (request: ProxiedRequest) => boolean | Promise<boolean>;
  /** Answers in the service's place (a throttling error, say) when it returns an answer. */
  reply: (request: ProxiedRequest) => { status: number; headers: Record<string, string>; body: string } | undefined;
  replied: number;
  forwarded: number;
  dropped: number;
  close(): Promise<void>;
}

export async function startFaultProxy(): Promise<FaultProxy> {
  let server: Server | undefined;
  const proxy: FaultProxy = {
    url: '',
    target: undefined,
    fail: () => false,
    loseAnswer: () => false,
    reply: () => undefined,
    replied: 0,
    forwarded: 0,
    dropped: 0,
    close: () =>
      new Promise<void>((resolveClose) => {
        if (!server) return resolveClose();
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
  server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request: ProxiedRequest = { method: incoming.method ?? 'GET', path: incoming.url ?? '/', headers: incoming.headers, body: Buffer.concat(chunks) };
      if (!proxy.target || proxy.fail(request)) {
        proxy.dropped += 1;
        incoming.socket.destroy();
        return;
      }
      const reply = proxy.reply(request);
      if (reply) {
        proxy.replied += 1;
        outgoing.writeHead(reply.status, reply.headers);
        outgoing.end(reply.body);
        return;
      }
      const target = new URL(proxy.target);
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.path,
          headers: { ...request.headers, host: target.host },
          timeout: 2 * 60_000,
        },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', async () => {
            proxy.forwarded += 1;
            if (await Promise.resolve(proxy.loseAnswer(request)).catch(() => true)) {
              proxy.dropped += 1;
              incoming.socket.destroy();
              return;
            }
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            outgoing.end(Buffer.concat(body));
          });
        },
      );
      upstream.on('error', () => incoming.socket.destroy());
      upstream.on('timeout', () => upstream.destroy());
      upstream.end(request.body);
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server!.once('error', reject);
    server!.listen(0, '127.0.0.1', () => resolveListen());
  });
  const address = server.address();
  proxy.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return proxy;
}

import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { ListenOptions } from 'node:net';

// A real HTTP server on loopback for the delivery tests: it records every request (a "canary" when it should see
// none). It listens on "::" when the machine has IPv6, so that it also answers ::ffff:127.0.0.1 and ::1.

export type RecordedRequest = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

export type LoopbackServer = {
  port: number;
  requests: RecordedRequest[];
  // TCP connections accepted, requests or not.
  connections(): number;
  // http://127.0.0.1:<port><path>
  url(path?: string): string;
  close(): Promise<void>;
};

export type LoopbackHandler = (request: RecordedRequest, response: ServerResponse) => void;

export async function startLoopbackServer(handler: LoopbackHandler = jsonOk): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const recorded = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      handler(recorded, response);
    });
  });
  let connections = 0;
  server.on('connection', () => {
    connections += 1;
  });
  await listen(server, { port: 0, host: '::', ipv6Only: false }).catch(() =>
    // No IPv6 here: loopback IPv4 only.
    listen(server, { port: 0, host: '127.0.0.1' }),
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the loopback server has no port');
  const { port } = address;
  return {
    port,
    requests,
    connections: () => connections,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function jsonOk(_request: RecordedRequest, response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end('{"ok":true}');
}

export function respondJson(status: number, body: unknown, headers: Record<string, string> = {}): LoopbackHandler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
}

function listen(server: Server, options: ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

import { createServer, request } from 'node:http';
import { connect } from 'node:net';

export interface Backend {
  host: string;
  port: number;
}

/** One address in front of several API processes, as a load balancer without sticky sessions puts it. */
export interface RoundRobinProxy {
  readonly url: string;
  /** requests (HTTP and WebSocket upgrades) sent to each backend, in the order given */
  readonly sent: readonly number[];
  close(): Promise<void>;
}

/**
 * Each HTTP request and each WebSocket upgrade goes to the next backend in turn, so one person's requests alternate
 * between the processes. HTTP is forwarded request by request; an upgrade becomes a byte pipe to the backend chosen.
 */
export async function startRoundRobinProxy(backends: readonly Backend[]): Promise<RoundRobinProxy> {
  const sent = backends.map(() => 0);
  let next = 0;
  const pick = (): Backend => {
    const i = next;
    next = (next + 1) % backends.length;
    sent[i]! += 1;
    return backends[i]!;
  };
  const server = createServer((req, res) => {
    const backend = pick();
    const upstream = request(
      { host: backend.host, port: backend.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  const piped = new Set<{ destroy(): void }>();
  server.on('upgrade', (req, socket, head) => {
    const backend = pick();
    const upstream = connect(backend.port, backend.host, () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
    for (const end of [socket, upstream]) {
      piped.add(end);
      end.once('close', () => piped.delete(end));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    close: () =>
      new Promise<void>((resolve) => {
        for (const end of piped) end.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

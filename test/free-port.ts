import net from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * `count` consecutive free ports below `limit`, for the PostgreSQL engine: the server stores its ports
 * in a smallint, so the kernel's ephemeral range (32768 and up, what `freePort` returns) will not do.
 * Random start, so parallel runs rarely probe the same block; each port is checked by binding it.
 */
export async function freePortBlock(count: number, limit = 32_768, lowest = 20_000): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = lowest + Math.floor(Math.random() * (limit - lowest - count));
    const ports = Array.from({ length: count }, (_, i) => base + i);
    if ((await Promise.all(ports.map(canBind))).every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free ports between ${lowest} and ${limit}`);
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

import type { AddressInfo, Socket } from 'node:net';
import { loadConfig, type Config } from '../../core/config/config.js';
import type { Db } from '../../core/db/client.js';
import { createApp, type App } from '../../bot/app.js';
import { createLogger } from '../../bot/logger.js';

export type RunningServer = { url: string; port: number; app: App; config: Config; stop(): Promise<void> };

/**
 * The real app on a loopback port (0: any free one). Unlike the bot harness it can listen on a
 * given port, so a test can stop the server and start a new one where clients expect it.
 */
export async function startServer(
  db: Db,
  options: { port?: number; env?: Record<string, string>; now?: () => Date } = {},
): Promise<RunningServer> {
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: 'file:unused.db', ...options.env });
  const logger = createLogger(config);
  const app = createApp({ config, db, logger, now: options.now });
  // restify's HTTP parser keeps its connections out of Node's list, so closeAllConnections() misses
  // them; a stopped server must drop them itself or clients keep talking to it after a "restart".
  const sockets = new Set<Socket>();
  app.server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    app.server.server.once('error', reject);
    app.server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    app,
    config,
    stop: async () => {
      const closed = app.close();
      for (const socket of sockets) socket.destroy();
      await closed;
      logger.flush();
    },
  };
}

import type { Server } from 'restify';
import type { DeskDeps } from '../desk-deps.js';
import { registerDeskHeaders } from './security-headers.js';
import { registerConsoleRoutes } from './console-routes.js';
import { registerAuditRoutes } from './routes/audit-routes.js';
import { registerCaseRoutes } from './routes/case-routes.js';
import { registerEmailChangeRoutes } from './routes/email-change-routes.js';
import { registerEventsRoute } from './routes/events-route.js';
import { registerOperatorRoutes } from './routes/operator-routes.js';
import { registerQueueRoutes } from './routes/queue-routes.js';
import { registerSessionRoutes } from './routes/session-routes.js';

/**
 * The desk: its console under /desk, its JSON API under /desk/api (SPEC §6, §8), its event
 * stream and the cancel link of email changes. Returns a close() that ends the open event streams, for shutdown.
 */
export function registerDeskApi(server: Server, deps: DeskDeps): { close(): void } {
  const context = { deps, logger: deps.logger, guard: { prisma: deps.prisma, config: deps.config, now: deps.now, publicBaseUrl: deps.config.publicBaseUrl } };
  registerDeskHeaders(server);
  registerSessionRoutes(server, context);
  registerQueueRoutes(server, context);
  registerCaseRoutes(server, context);
  registerEmailChangeRoutes(server, context);
  registerAuditRoutes(server, context);
  registerOperatorRoutes(server, context);
  registerConsoleRoutes(server, deps.config.desk.consoleDir, deps.logger);
  return registerEventsRoute(server, context);
}

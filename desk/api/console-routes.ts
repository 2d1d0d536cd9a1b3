import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { sendError } from './http.js';

/** The console's own pages (desk-console/src/router.ts): each answers with the console. */
const PAGES = ['/desk', '/desk/', '/desk/queue', '/desk/cases', '/desk/cases/:id', '/desk/approvals', '/desk/audit', '/desk/operators'];

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** What Vite writes into assets/: a name, a content hash, a known extension. No paths. */
const ASSET_NAME = /^[\w.-]+$/;

function notBuilt(res: Response): void {
  res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('The desk console is not built. Run `npm run build` (or `npm start`, which builds it).\n');
}

/**
 * Serves the built desk console (React + Vite) under /desk, from the same server as its API.
 * The security headers of every /desk response (security-headers.ts) apply: the page is
 * all external files, so `default-src 'self'` holds with no inline script or style.
 */
export function registerConsoleRoutes(server: Server, consoleDir: string, logger: Logger): void {
  const indexFile = join(consoleDir, 'index.html');

  const page = async (_req: Request, res: Response) => {
    try {
      const html = await readFile(indexFile);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(html);
    } catch {
      logger.warn({ consoleDir }, 'desk console not built');
      notBuilt(res);
    }
  };
  for (const path of PAGES) {
    server.get(path, page);
    server.head(path, page);
  }

  const asset = async (req: Request, res: Response) => {
    const name = String((req.params as Record<string, unknown>).name ?? '');
    const type = TYPES[extname(name)];
    if (!ASSET_NAME.test(name) || name.startsWith('.') || !type) {
      sendError(res, 404, 'NotFound', 'Not found.');
      return;
    }
    try {
      const body = await readFile(join(consoleDir, 'assets', name));
      // The name carries a content hash: a new build gets new names, so this can be kept.
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=31536000, immutable' });
      res.end(body);
    } catch {
      sendError(res, 404, 'NotFound', 'Not found.');
    }
  };
  server.get('/desk/assets/:name', asset);
  server.head('/desk/assets/:name', asset);
}

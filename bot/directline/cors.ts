import type { Request, Response, Server } from 'restify';
import type { OriginPolicy } from './origin-policy.js';

const PREFIXES = ['/v3/directline/', '/chat/'];
// X-Requested-With: directlinejs' XHR (rxjs ajax) sends it on every call.
const ALLOW_HEADERS = 'Authorization, Content-Type, x-ms-bot-agent, X-Requested-With';

/**
 * CORS for the widget's endpoints, limited to the configured shop origins. Preflights are answered
 * here (restify routes no OPTIONS); other routes and other origins get no CORS headers at all.
 */
export function registerCors(server: Server, policy: OriginPolicy): void {
  server.pre((req: Request, res: Response, next: (proceed?: boolean) => void) => {
    const path = req.getPath();
    if (!PREFIXES.some((prefix) => path.startsWith(prefix))) return next();
    const origin = req.headers.origin;
    const allowed = policy.isAllowedOrigin(origin);
    // The answer depends on Origin, so caches must keep one copy per origin.
    res.setHeader('Vary', 'Origin');
    if (allowed) res.setHeader('Access-Control-Allow-Origin', origin);
    if (req.method !== 'OPTIONS') return next();
    if (!allowed) {
      res.status(403);
      res.end();
      return next(false);
    }
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204);
    res.end();
    return next(false);
  });
}

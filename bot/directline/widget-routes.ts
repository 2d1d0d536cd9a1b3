import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger.js';
import { guarded, sendError } from './http-reply.js';
import type { OriginPolicy } from './origin-policy.js';
import { WidgetAssets, type Asset } from './widget-assets.js';

const FILES = ['widget.js', 'widget.css', 'avatar.svg', 'webchat.js', 'widget.json'];

/**
 * The page's policy: scripts only from this server (no inline script: the widget's settings are
 * data- attributes), styles from this server or carrying the response's nonce (Web Chat's emotion
 * styles take it), no plugins, no forms, framed only by this site and the allowed shop origins.
 */
function contentSecurityPolicy(nonce: string, frameAncestors: string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors 'self'${frameAncestors.map((o) => ` ${o}`).join('')}`,
  ].join('; ');
}

function send(req: Request, res: Response, asset: Asset, body: Buffer = asset.body): void {
  const gzip = asset.gzipped !== null && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const payload = gzip ? asset.gzipped! : body;
  res.writeHead(200, {
    'Content-Type': asset.contentType,
    'Content-Length': String(payload.length),
    'Cache-Control': asset.cacheControl,
    'X-Content-Type-Options': 'nosniff',
    // Origin: the CORS answer for shop pages (see cors.ts) varies with it too.
    Vary: asset.gzipped !== null ? 'Origin, Accept-Encoding' : 'Origin',
    ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
  });
  res.end(payload);
}

/** GET /chat (the widget page) and its files under /chat/. */
export function registerWidgetRoutes(server: Server, deps: { policy: OriginPolicy; logger: Logger }): void {
  const assets = new WidgetAssets();

  server.get(
    '/chat',
    guarded(deps.logger, 'chat', async (req: Request, res: Response) => {
      const page = (await assets.get('chat.html'))!;
      const nonce = randomBytes(16).toString('base64');
      res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce, deps.policy.allowedOrigins));
      res.setHeader('Referrer-Policy', 'no-referrer');
      send(req, res, page, Buffer.from(page.body.toString('utf8').replaceAll('{{nonce}}', nonce)));
    }),
  );

  server.get(
    '/chat/:file',
    guarded(deps.logger, 'chat/file', async (req: Request, res: Response) => {
      const name = String(req.params.file ?? '');
      const asset = FILES.includes(name) ? await assets.get(name) : undefined;
      if (!asset) {
        sendError(res, 'NotFound', 'No such file.');
        return;
      }
      send(req, res, asset);
    }),
  );
}

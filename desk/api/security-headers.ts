import type { Request, Response, Server } from 'restify';

/**
 * The console is served from this origin and loads nothing from elsewhere (SPEC §8: a strict
 * CSP). Inline scripts and styles are not allowed; neither is framing.
 */
export const DESK_CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const HEADERS: Record<string, string> = {
  'Content-Security-Policy': DESK_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  // Case data and tokens must not sit in shared or browser caches.
  'Cache-Control': 'no-store',
};

/** Puts the security headers on every /desk response, errors and unknown routes included. */
export function registerDeskHeaders(server: Server): void {
  server.pre((req: Request, res: Response, next: () => void) => {
    const path = req.path();
    if (path === '/desk' || path.startsWith('/desk/')) {
      for (const [name, value] of Object.entries(HEADERS)) res.setHeader(name, value);
    }
    next();
  });
}

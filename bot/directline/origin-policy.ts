import type { IncomingHttpHeaders } from 'node:http';

/**
 * Which browser pages may use the widget's endpoints: our own (same origin) and the shops listed
 * in WIDGET_ALLOWED_ORIGINS. This stops other sites from opening chats in their visitors' browsers;
 * it is not authentication (a script outside a browser can send any Origin).
 */
export class OriginPolicy {
  private readonly allowed: Set<string>;

  constructor(allowedOrigins: string[]) {
    this.allowed = new Set(allowedOrigins);
  }

  /** A cross-origin page that may call us (CORS) and frame /chat. */
  isAllowedOrigin(origin: string | undefined): origin is string {
    return origin !== undefined && this.allowed.has(origin);
  }

  get allowedOrigins(): string[] {
    return [...this.allowed];
  }

  /** The request comes from a page of this very server, or from an allowed shop page. */
  isTrustedPage(headers: IncomingHttpHeaders): boolean {
    if (headers['sec-fetch-site'] === 'same-origin') return true;
    const origin = headers.origin;
    if (typeof origin !== 'string') return false;
    if (this.isAllowedOrigin(origin)) return true;
    // Same origin: the page's host is the host it asked us at (the scheme may differ behind TLS termination).
    return URL.canParse(origin) && typeof headers.host === 'string' && new URL(origin).host === headers.host.toLowerCase();
  }
}

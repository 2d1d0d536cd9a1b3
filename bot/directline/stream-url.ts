import type { IncomingHttpHeaders } from 'node:http';

const HOST = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/;

/**
 * The WebSocket URL a client streams a conversation from. It points at the host the client used
 * to reach us (so it works on any address this server answers at), secure (wss) when that host is
 * the one in PUBLIC_BASE_URL and that URL is https — i.e. behind a TLS-terminating proxy that
 * keeps the Host header.
 */
export function streamUrl(
  headers: IncomingHttpHeaders,
  publicBaseUrl: string,
  conversation: { id: string; watermark: number; token: string },
): string {
  const publicUrl = new URL(publicBaseUrl);
  const host = typeof headers.host === 'string' && HOST.test(headers.host) ? headers.host.toLowerCase() : publicUrl.host;
  const base = host === publicUrl.host ? `${publicUrl.protocol === 'https:' ? 'wss' : 'ws'}://${host}${publicUrl.pathname.replace(/\/$/, '')}` : `ws://${host}`;
  const query = new URLSearchParams({ watermark: String(conversation.watermark), t: conversation.token });
  return `${base}/v3/directline/conversations/${encodeURIComponent(conversation.id)}/stream?${query.toString()}`;
}

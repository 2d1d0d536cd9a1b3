import http from 'node:http';
import https from 'node:https';

export type RawResponse = { status: number; body: string };

/** Why a request got no answer: the peer could not be reached, it took too long, or it answered too much. */
export class TransportError extends Error {
  constructor(
    readonly reason: 'timeout' | 'network' | 'tooLarge',
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export type SendOptions = {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | null;
  /** The whole exchange (connect, send, answer) must finish within this. */
  timeoutMs: number;
  maxResponseBytes: number;
  /** For https: client certificate, key and trusted CA (mutual TLS). */
  agent?: https.Agent;
};

/**
 * One HTTP exchange with a hard deadline over the whole of it, so a directory that accepts the
 * connection and then stalls cannot hold a shopper's turn. node:http rather than fetch: a client
 * certificate (mutual TLS) needs an agent, which fetch does not take without another package.
 */
export function sendRequest(options: SendOptions): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const transport = options.url.protocol === 'https:' ? https : http;
    const headers = { ...options.headers, ...(options.body === null ? {} : { 'content-length': String(Buffer.byteLength(options.body)) }) };
    const req = transport.request(options.url, { method: options.method, headers, ...(options.agent ? { agent: options.agent } : {}) });
    const timer = setTimeout(() => req.destroy(new TransportError('timeout', `no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error instanceof TransportError ? error : new TransportError('network', error.message));
    };
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxResponseBytes) {
          req.destroy(new TransportError('tooLarge', `answer over ${options.maxResponseBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.end(options.body ?? undefined);
  });
}

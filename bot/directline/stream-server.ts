import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';
import type { Logger } from '../logger.js';
import type { Feed } from './feed.js';
import { bearerToken } from './request-auth.js';
import type { DirectLineStore } from './store.js';
import { StreamSubscriber } from './stream-subscriber.js';
import type { DirectLineTokens } from './tokens.js';
import { parseWatermark } from './watermark.js';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([A-Za-z0-9_-]{1,128})\/stream$/;
/** Clients only send keep-alives (empty strings); anything big is abuse. */
const MAX_CLIENT_MESSAGE_BYTES = 4096;
/** Open sockets per conversation (tabs, reconnects); the oldest goes first. */
const MAX_SOCKETS_PER_CONVERSATION = 5;
const HEARTBEAT_MS = 30_000;

export type StreamServerDeps = { server: Server; tokens: DirectLineTokens; store: DirectLineStore; feed: Feed; logger: Logger };

function refuse(socket: Duplex, status: number): void {
  if (socket.writable) socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/**
 * The WebSocket side of Direct Line: `streamUrl` upgrades on the HTTP server restify runs on.
 * Authenticated by the short-lived stream token in `t=` (or a conversation token in the
 * Authorization header), bound to the conversation in the path.
 */
export class StreamServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES, perMessageDeflate: false });
  private readonly sockets = new Map<string, Set<WebSocket>>();
  private readonly alive = new WeakMap<WebSocket, boolean>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly deps: StreamServerDeps) {
    deps.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.upgrade(req, socket, head));
    // A peer that vanished without closing (sleep, network change) is noticed by a missed pong.
    this.heartbeat = setInterval(() => this.ping(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Closes every stream (clients reconnect elsewhere or later), for a graceful shutdown. */
  close(): void {
    clearInterval(this.heartbeat);
    for (const socket of this.wss.clients) socket.close(1001, 'server shutting down');
    for (const socket of this.wss.clients) socket.terminate();
  }

  openCount(): number {
    return this.wss.clients.size;
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = STREAM_PATH.exec(url.pathname);
      if (!match) return refuse(socket, 404);
      const conversationId = match[1]!;
      const { tokens } = this.deps;
      const header = bearerToken(req.headers);
      const principal = tokens.verify(url.searchParams.get('t') ?? '', 'stream') ?? (header ? tokens.verify(header, 'conversation') : null);
      if (!principal || principal.conversationId !== conversationId) return refuse(socket, 403);
      const watermark = parseWatermark(url.searchParams.get('watermark'));
      if (watermark === null) return refuse(socket, 400);
      const conversation = await this.deps.store.findConversation(conversationId);
      if (!conversation) return refuse(socket, 404);
      this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, conversationId, Math.min(watermark, conversation.lastSeq)));
    } catch (error) {
      this.deps.logger.error({ err: String(error) }, 'direct line: stream upgrade failed');
      refuse(socket, 500);
    }
  }

  private attach(ws: WebSocket, conversationId: string, watermark: number): void {
    const open = this.sockets.get(conversationId) ?? new Set<WebSocket>();
    this.sockets.set(conversationId, open);
    open.add(ws);
    for (const old of [...open].slice(0, Math.max(0, open.size - MAX_SOCKETS_PER_CONVERSATION))) old.close(1008, 'too many streams');

    const subscriber = new StreamSubscriber(ws, conversationId, watermark, this.deps.store, this.deps.logger);
    const unsubscribe = this.deps.feed.subscribe(conversationId, (event) => subscriber.notify(event));
    this.alive.set(ws, true);
    ws.on('pong', () => this.alive.set(ws, true));
    // Client messages are keep-alives (directlinejs sends "" every 20 s); nothing to do with them.
    ws.on('message', () => this.alive.set(ws, true));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      unsubscribe();
      open.delete(ws);
      if (open.size === 0 && this.sockets.get(conversationId) === open) this.sockets.delete(conversationId);
    });
    subscriber.start();
  }

  private ping(): void {
    for (const ws of this.wss.clients) {
      if (this.alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      this.alive.set(ws, false);
      if (ws.readyState === WebSocket.OPEN) ws.ping();
    }
  }
}

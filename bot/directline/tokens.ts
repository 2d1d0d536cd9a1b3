import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { signJwt, verifyJwt } from './jwt.js';

/**
 * What a token lets its holder do:
 * - `conversation`: the shopper's token (Authorization: Bearer) for one conversation;
 * - `stream`: the short-lived `t=` parameter of a streamUrl (browsers cannot set headers on a WebSocket);
 * - `connector`: the bot's calls to the channel's connector API (no conversation, no user).
 * Each scope has its own key, so a token of one scope never verifies as another.
 */
export type TokenScope = 'conversation' | 'stream' | 'connector';

export type Principal = { conversationId: string; userId: string };

const STREAM_TTL_SECONDS = 300;
const CONNECTOR_TTL_SECONDS = 300;

const Claims = z.object({
  scope: z.enum(['conversation', 'stream', 'connector']),
  conv: z.string().min(1).max(128).optional(),
  user: z.string().min(1).max(128).optional(),
  iat: z.number().int(),
  exp: z.number().int(),
});

/** Issues and checks the channel's HMAC-signed, expiring tokens. */
export class DirectLineTokens {
  private readonly keys: Record<TokenScope, Buffer>;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
    private readonly now: () => Date,
  ) {
    const derive = (scope: TokenScope) => createHmac('sha256', secret).update(`directline-token:${scope}`).digest();
    this.keys = { conversation: derive('conversation'), stream: derive('stream'), connector: derive('connector') };
  }

  /** A shopper token bound to one conversation and one user. */
  issue(principal: Principal): { token: string; expiresIn: number } {
    return { token: this.sign('conversation', this.ttlSeconds, principal), expiresIn: this.ttlSeconds };
  }

  issueStream(principal: Principal): string {
    return this.sign('stream', STREAM_TTL_SECONDS, principal);
  }

  issueConnector(): string {
    return this.sign('connector', CONNECTOR_TTL_SECONDS, null);
  }

  /** The principal of a valid, unexpired token of that scope; null otherwise. */
  verify(token: string, scope: 'conversation' | 'stream'): Principal | null {
    const claims = this.claims(token, scope);
    if (!claims?.conv || !claims.user) return null;
    return { conversationId: claims.conv, userId: claims.user };
  }

  verifyConnector(token: string): boolean {
    return this.claims(token, 'connector') !== null;
  }

  private sign(scope: TokenScope, ttl: number, principal: Principal | null): string {
    const iat = Math.floor(this.now().getTime() / 1000);
    // `conv` and `user` are the claim names Azure's Direct Line uses; directlinejs reads `user`.
    const subject = principal ? { conv: principal.conversationId, user: principal.userId } : {};
    return signJwt(this.keys[scope], { scope, ...subject, iat, exp: iat + ttl });
  }

  private claims(token: string, scope: TokenScope): z.infer<typeof Claims> | null {
    const parsed = Claims.safeParse(verifyJwt(this.keys[scope], token));
    if (!parsed.success || parsed.data.scope !== scope) return null;
    return parsed.data.exp > this.now().getTime() / 1000 ? parsed.data : null;
  }
}

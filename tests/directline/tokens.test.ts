import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signJwt, verifyJwt } from '../../bot/directline/jwt.js';
import { DirectLineTokens } from '../../bot/directline/tokens.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hmac';
const principal = { conversationId: 'conv-1', userId: 'dl_user' };

class Clock {
  at = new Date('2026-11-22T10:00:00Z');
  now = () => this.at;
  advance(seconds: number) {
    this.at = new Date(this.at.getTime() + seconds * 1000);
  }
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('Direct Line tokens', () => {
  it('are JWTs bound to one conversation and user, with the claims directlinejs reads', () => {
    const tokens = new DirectLineTokens(SECRET, 1800, new Clock().now);
    const { token, expiresIn } = tokens.issue(principal);
    expect(expiresIn).toBe(1800);
    const [, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ scope: 'conversation', conv: 'conv-1', user: 'dl_user' });
    expect(tokens.verify(token, 'conversation')).toEqual(principal);
  });

  it('expire after their lifetime', () => {
    const clock = new Clock();
    const tokens = new DirectLineTokens(SECRET, 60, clock.now);
    const { token } = tokens.issue(principal);
    clock.advance(59);
    expect(tokens.verify(token, 'conversation')).toEqual(principal);
    clock.advance(1);
    expect(tokens.verify(token, 'conversation')).toBeNull();
  });

  it('do not verify under another secret, another scope, or altered', () => {
    const clock = new Clock();
    const tokens = new DirectLineTokens(SECRET, 1800, clock.now);
    const { token } = tokens.issue(principal);
    expect(new DirectLineTokens(`${SECRET}-other`, 1800, clock.now).verify(token, 'conversation')).toBeNull();
    expect(tokens.verify(token, 'stream')).toBeNull();
    expect(tokens.verify(tokens.issueStream(principal), 'conversation')).toBeNull();
    expect(tokens.verify(tokens.issueStream(principal), 'stream')).toEqual(principal);
    expect(tokens.verifyConnector(token)).toBe(false);
    expect(tokens.verifyConnector(tokens.issueConnector())).toBe(true);

    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${header}.${b64({ ...claims, conv: 'conv-2' })}.${signature}`;
    expect(tokens.verify(forged, 'conversation')).toBeNull();
    expect(tokens.verify(`${header}.${payload}.${signature.slice(0, -2)}`, 'conversation')).toBeNull();
  });

  it('refuse other algorithms, including "none" and an HS256 header spelled differently', () => {
    const tokens = new DirectLineTokens(SECRET, 1800, new Clock().now);
    const { token } = tokens.issue(principal);
    const [, payload] = token.split('.') as [string, string, string];
    expect(tokens.verify(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`, 'conversation')).toBeNull();
    const key = createHmac('sha256', SECRET).update('directline-token:conversation').digest();
    const otherHeader = b64({ typ: 'JWT', alg: 'HS256' });
    const signature = createHmac('sha256', key).update(`${otherHeader}.${payload}`).digest('base64url');
    expect(tokens.verify(`${otherHeader}.${payload}.${signature}`, 'conversation')).toBeNull();
  });

  it('reject garbage without throwing', () => {
    const tokens = new DirectLineTokens(SECRET, 1800, new Clock().now);
    for (const junk of ['', 'a', 'a.b', 'a.b.c', '...', 'x'.repeat(5000), `${b64({ alg: 'HS256', typ: 'JWT' })}.%%%.***`]) {
      expect(tokens.verify(junk, 'conversation')).toBeNull();
    }
    const key = Buffer.from('k');
    expect(verifyJwt(key, signJwt(key, { a: 1 }))).toEqual({ a: 1 });
    expect(verifyJwt(key, `${signJwt(key, { a: 1 })}x`)).toBeNull();
  });
});

// The marketplace's directory for tests, either adapter over the same snapshot:
//
//   const under = await embeddedDirectory(db, snapshot);                 // the product's own tables
//   const under = await referenceDirectory(snapshot, { secret });        // the HTTP adapter → reference server
//
// Both give { directory, signsIn(loginId, password), close() }. `signsIn` plays the marketplace's
// sign-in page: whether a password works now, checked in the store behind the directory.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Db } from '../../core/db/client.js';
import type { Directory } from '../../core/directory/directory.js';
import { createEmbeddedDirectory } from '../../core/directory/embedded/embedded-directory.js';
import { createHttpDirectory, type HttpDirectory, type HttpDirectoryOptions } from '../../core/directory/http/http-directory.js';
import { createReferenceServer, type ReferenceServerOptions } from '../../core/directory/reference/reference-server.js';
import type { Operation } from '../../core/directory/http/wire.js';
import { importDirectory } from '../../core/import/import-directory.js';
import { verifyPassword } from '../../core/security/password.js';
import { withTestDb } from './test-db.js';

export const DIRECTORY_SECRET = 'directory-test-secret-0123456789abcdef01234567';

export type DirectoryUnderTest = {
  name: 'embedded' | 'http';
  directory: Directory;
  /** The database holding the directory's own tables: the product's (embedded) or the marketplace's (http). */
  store: Db;
  signsIn(loginId: string, password: string): Promise<boolean>;
  close(): Promise<void>;
};

async function signsInOn(db: Db, loginId: string, password: string): Promise<boolean> {
  const row = await db.prisma.account.findUnique({ where: { loginId }, select: { passwordHash: true } });
  return row?.passwordHash ? verifyPassword(password, row.passwordHash) : false;
}

/** The embedded adapter over `db`, loaded with `snapshot`. The caller owns `db`. */
export async function embeddedDirectory(db: Db, snapshot: unknown, options: { now?: () => Date } = {}): Promise<DirectoryUnderTest> {
  await importDirectory(db, snapshot);
  return {
    name: 'embedded',
    directory: createEmbeddedDirectory(db.prisma, options),
    store: db,
    signsIn: (l, p) => signsInOn(db, l, p),
    close: async () => undefined,
  };
}

/**
 * How a test makes the marketplace behind the reference server slow or failing, and what reached it.
 * `loseAnswer`: the named operations do their work, then fail (the answer is lost on the way back),
 * once per name: a change made but never confirmed, as after a timeout.
 */
export type MarketplaceControl = {
  calls: number;
  callsOf: Record<string, number>;
  delayMs: number;
  failing: boolean;
  failNext: number;
  loseAnswer: Set<string>;
};

/** Wraps a directory so a test controls it (MarketplaceControl). */
export function controllable(behind: Directory): { control: MarketplaceControl; directory: Directory } {
  const control: MarketplaceControl = { calls: 0, callsOf: {}, delayMs: 0, failing: false, failNext: 0, loseAnswer: new Set() };
  const directory = new Proxy(behind, {
    get(target, name, receiver) {
      const original = Reflect.get(target, name, receiver) as unknown;
      if (typeof original !== 'function' || typeof name !== 'string') return original;
      return async (...args: unknown[]) => {
        control.calls += 1;
        control.callsOf[name] = (control.callsOf[name] ?? 0) + 1;
        if (control.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, control.delayMs));
        if (control.failing || control.failNext > 0) {
          control.failNext = Math.max(0, control.failNext - 1);
          throw new Error('the marketplace is down');
        }
        const answer = await (original as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (control.loseAnswer.delete(name)) throw new Error('the answer was lost on the way back');
        return answer;
      };
    },
  });
  return { control, directory };
}

export type ReferenceDirectory = DirectoryUnderTest & {
  directory: HttpDirectory;
  url: string;
  server: Server;
  /** Makes the marketplace slow or failing, and counts what reached it. */
  control: MarketplaceControl;
  /** Every request the server answered, in order. */
  requests: { operation: Operation | null; status: number }[];
};

export type ReferenceOptions = {
  secret?: string;
  adapter?: Partial<HttpDirectoryOptions>;
  server?: Partial<ReferenceServerOptions>;
};

/**
 * A reference server of the contract on a loopback port, answering from the embedded directory
 * over its own fresh SQLite database loaded with `snapshot`, and the HTTP adapter pointed at it.
 */
export async function referenceDirectory(snapshot: unknown, options: ReferenceOptions = {}): Promise<ReferenceDirectory> {
  const store = await withTestDb('sqlite');
  await importDirectory(store.db, snapshot);
  const { control, directory: behind } = controllable(createEmbeddedDirectory(store.db.prisma));
  const requests: ReferenceDirectory['requests'] = [];
  const server = createReferenceServer({
    directory: behind,
    secret: options.secret ?? DIRECTORY_SECRET,
    onRequest: (event) => requests.push(event),
    ...options.server,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const directory = createHttpDirectory({ url, secret: DIRECTORY_SECRET, retryDelayMs: 5, ...options.adapter });
  return {
    name: 'http',
    directory,
    url,
    server,
    control,
    requests,
    store: store.db,
    signsIn: (l, p) => signsInOn(store.db, l, p),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.cleanup();
    },
  };
}

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

export type ReferenceDirectory = DirectoryUnderTest & {
  directory: HttpDirectory;
  url: string;
  server: Server;
  /** The directory behind the server (its "marketplace"), which tests may wrap to slow or break it. */
  behind: Directory;
  /** Every request the server answered, in order. */
  requests: { operation: Operation | null; status: number }[];
};

export type ReferenceOptions = {
  secret?: string;
  adapter?: Partial<HttpDirectoryOptions>;
  /** Wraps the directory behind the server (a slow or failing marketplace). */
  wrap?: (behind: Directory) => Directory;
  server?: Partial<ReferenceServerOptions>;
};

/**
 * A reference server of the contract on a loopback port, answering from the embedded directory
 * over its own fresh SQLite database loaded with `snapshot`, and the HTTP adapter pointed at it.
 */
export async function referenceDirectory(snapshot: unknown, options: ReferenceOptions = {}): Promise<ReferenceDirectory> {
  const store = await withTestDb('sqlite');
  await importDirectory(store.db, snapshot);
  const embedded = createEmbeddedDirectory(store.db.prisma);
  const behind = options.wrap ? options.wrap(embedded) : embedded;
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
    behind,
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

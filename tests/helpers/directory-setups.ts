// The conversation tests run on every database backend with the embedded directory, and once more
// (SQLite) with the marketplace's directory over HTTP: the HTTP adapter against the reference
// server, loaded with the same snapshot, while the product's own database holds no account.
//
//   describe.each(directorySetups())('… on $name', (setup) => {
//     beforeAll(async () => {
//       database = await setup.backend.create();
//       directory = await openDirectory(setup, database.db, fixture, { now: clock.now });
//       bot = await startBot(database.db, { now: clock.now, directory: directory.directory });
//     });
//     afterAll(() => directory.close());
//   });
import type { Db } from '../../core/db/client.js';
import { embeddedDirectory, referenceDirectory, type DirectoryUnderTest } from './directory-under-test.js';
import { testBackends, type TestBackend } from './test-db.js';

export type DirectorySetup = { name: string; backend: TestBackend; directory: 'embedded' | 'http' };

export function directorySetups(): DirectorySetup[] {
  const backends = testBackends();
  const sqlite = backends.find((b) => b.name === 'sqlite');
  const embedded = backends.map((backend): DirectorySetup => ({ name: backend.name, backend, directory: 'embedded' }));
  return sqlite ? [...embedded, { name: 'sqlite with the directory over HTTP', backend: sqlite, directory: 'http' }] : embedded;
}

/** The setup's directory, loaded with `snapshot`: into `db` (embedded) or into a reference server. */
export function openDirectory(setup: DirectorySetup, db: Db, snapshot: unknown, options: { now?: () => Date } = {}): Promise<DirectoryUnderTest> {
  return setup.directory === 'embedded' ? embeddedDirectory(db, snapshot, options) : referenceDirectory(snapshot);
}

import { afterAll } from 'vitest';
import { embeddedDirectory } from '../helpers/directory-under-test.js';
import { testBackends } from '../helpers/test-db.js';
import { CONFORMANCE_SNAPSHOT } from './conformance-snapshot.js';
import { directoryConformance } from './directory-conformance.js';

for (const backend of testBackends()) {
  afterAll(() => backend.teardown());
  directoryConformance(`embedded on ${backend.name}`, async () => embeddedDirectory(await backend.setup(), CONFORMANCE_SNAPSHOT));
}

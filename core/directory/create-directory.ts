import { readFileSync } from 'node:fs';
import type { Config } from '../config/config.js';
import type { DbClient } from '../db/client.js';
import type { Directory } from './directory.js';
import { createEmbeddedDirectory, type EmbeddedDirectory } from './embedded/embedded-directory.js';
import { createHttpDirectory, type DirectoryLog } from './http/http-directory.js';

export type ConfiguredDirectory = { directory: Directory; embedded: EmbeddedDirectory | null };

/**
 * The directory the configuration names: the marketplace's own services over HTTP when
 * DIRECTORY_URL is set, otherwise the embedded one over the product's database. `embedded` is
 * there for what only the embedded directory has (its snapshot import, its retention sweep).
 */
export function createDirectory(config: Pick<Config, 'directory'>, prisma: DbClient, options: { log?: DirectoryLog; now?: () => Date } = {}): ConfiguredDirectory {
  const remote = config.directory;
  if (!remote) {
    const embedded = createEmbeddedDirectory(prisma, { now: options.now });
    return { directory: embedded, embedded };
  }
  const read = (file: string | undefined) => (file ? readFileSync(file, 'utf8') : undefined);
  const tls = { cert: read(remote.tls.certFile), key: read(remote.tls.keyFile), ca: read(remote.tls.caFile) };
  const anyTls = tls.cert !== undefined || tls.ca !== undefined;
  return {
    directory: createHttpDirectory({ url: remote.url, secret: remote.secret, timeoutMs: remote.timeoutMs, log: options.log, ...(anyTls ? { tls } : {}) }),
    embedded: null,
  };
}

import { checksumMatches, migrationChecksum } from './checksum.js';
import type { MigrationFile } from './migration-files.js';

/** A row of `_prisma_migrations`, as far as deciding what to apply needs it. */
export interface MigrationRecord {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/** The database's migration history disagrees with the committed files; nothing was applied. */
export class MigrationStateError extends Error {
  override name = 'MigrationStateError';
}

const isSet = (value: unknown) => value !== null && value !== undefined;

/**
 * The committed migrations not yet applied, in order. Follows `prisma migrate deploy`: rolled-back
 * rows do not count as applied, and an unfinished row (a failed `prisma migrate deploy`) blocks
 * everything until someone resolves it. Unlike deploy, an applied migration whose file changed
 * since is refused, because the database would silently differ from what the files say.
 */
export function pendingMigrations(files: MigrationFile[], records: MigrationRecord[]): MigrationFile[] {
  const failed = records.filter((r) => !isSet(r.finished_at) && !isSet(r.rolled_back_at));
  if (failed.length > 0) {
    throw new MigrationStateError(
      `Migration(s) ${failed.map((r) => r.migration_name).join(', ')} started but never finished on this database. ` +
        'Inspect the database, then mark them with `prisma migrate resolve --applied|--rolled-back <name>`.',
    );
  }
  const applied = records.filter((r) => isSet(r.finished_at) && !isSet(r.rolled_back_at));
  const modified = files.filter((file) =>
    applied.some((r) => r.migration_name === file.name && !checksumMatches(file.sql, r.checksum)),
  );
  if (modified.length > 0) {
    const details = modified
      .map((file) => {
        const recorded = applied.find((r) => r.migration_name === file.name)?.checksum;
        return `${file.name} (recorded checksum ${recorded}, committed file ${migrationChecksum(file.sql)})`;
      })
      .join('; ');
    throw new MigrationStateError(
      `Refusing to migrate: migration.sql changed after it was applied to this database: ${details}. ` +
        'Restore the committed file as it was applied; put further changes in a new migration.',
    );
  }
  return files.filter((file) => !applied.some((r) => r.migration_name === file.name));
}

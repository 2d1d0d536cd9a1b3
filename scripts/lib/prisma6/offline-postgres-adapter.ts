// A stand-in PostgreSQL driver adapter for schema-to-schema `prisma migrate diff` (Prisma 6.19 CLI)
// without a server.
// The WebAssembly schema engine opens the adapter before diffing and sends one probe
// (schema exists? version?); the diff itself is computed from the two schema files only.
// Answering that probe lets maintainers create PostgreSQL migrations offline; any other
// query fails loudly, so nothing can silently run against "no database".
import type {
  ColumnType,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';

// Values of ColumnTypeEnum (driver-adapter-utils), spelled out to keep this a type-only import.
const BOOLEAN: ColumnType = 5;
const TEXT: ColumnType = 7;
const INT32: ColumnType = 0;

/** The PostgreSQL version the diff is computed for (the oldest we run in CI). */
const VERSION = { text: 'PostgreSQL 15.0 (offline placeholder for prisma migrate diff)', num: 150000 };

function unavailable(what: string): Error {
  return new Error(
    `${what}: no PostgreSQL database is configured (set DATABASE_URL to a postgres:// URL). ` +
      'Offline, only schema-to-schema `prisma migrate diff` is supported.',
  );
}

function probe(query: SqlQuery): SqlResultSet {
  if (/\bversion\(\)/.test(query.sql) && /server_version_num/.test(query.sql)) {
    return {
      columnNames: ['exists', 'version', 'numeric_version'],
      columnTypes: [BOOLEAN, TEXT, INT32],
      rows: [[true, VERSION.text, VERSION.num]],
    };
  }
  throw unavailable(`query "${query.sql.slice(0, 80)}"`);
}

function offlineConnection(): SqlDriverAdapter {
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    queryRaw: async (query) => probe(query),
    executeRaw: async () => {
      throw unavailable('executeRaw');
    },
    executeScript: async () => {
      throw unavailable('executeScript');
    },
    startTransaction: async (): Promise<Transaction> => {
      throw unavailable('startTransaction');
    },
    getConnectionInfo: () => ({ schemaName: 'public', supportsRelationJoins: true }),
    dispose: async () => {},
  };
}

/** Driver adapter factory for prisma/postgres.config.ts when DATABASE_URL is not a PostgreSQL URL. */
export function offlinePostgresAdapter(): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: async () => offlineConnection(),
    connectToShadowDb: async () => offlineConnection(),
  };
}

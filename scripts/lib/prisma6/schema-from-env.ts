/** Env variable through which scripts/lib/prisma-cli.ts names the 6.19-dialect schema to load. */
export const SCHEMA_ENV = 'RECOVERY_DESK_PRISMA6_SCHEMA';

export function schemaFromEnv(): string {
  const path = process.env[SCHEMA_ENV];
  if (!path) throw new Error(`${SCHEMA_ENV} is not set: run diffs through scripts/lib/prisma-cli.ts`);
  return path;
}

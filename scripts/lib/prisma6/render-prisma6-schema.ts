/**
 * A schema in Prisma 6.19's dialect, for the 6.19 CLI that computes offline diffs. The models are
 * the same in both versions; what differs is the generator (6.19 needs `engineType = "client"` and
 * two preview features, or it downloads a query engine) and the datasource (6.19 requires a `url`,
 * Prisma 7 forbids it). Every generator block is replaced and the one datasource rewritten, so the
 * input may be in either dialect (the committed snapshots of older migrations are in 6.19's).
 */
export function renderPrisma6Schema(schema: string): string {
  const text = schema.replace(/\r\n/g, '\n');
  const datasources = [...text.matchAll(/datasource\s+(\w+)\s*\{([^}]*)\}/g)];
  if (datasources.length !== 1) throw new Error(`expected one datasource block, found ${datasources.length}`);
  const [block, name, body] = datasources[0] as unknown as [string, string, string];
  const provider = /provider\s*=\s*"(\w+)"/.exec(body)?.[1];
  if (!provider) throw new Error('the datasource block has no provider');
  const withoutGenerators = text.replace(/generator\s+\w+\s*\{[^}]*\}\n?/g, '');
  return [
    'generator client {',
    '  provider        = "prisma-client"',
    '  output          = "./unused-client"',
    '  engineType      = "client"',
    '  previewFeatures = ["driverAdapters", "queryCompiler"]',
    '}',
    '',
    withoutGenerators.replace(block, `datasource ${name} {\n  provider = "${provider}"\n  url      = env("DATABASE_URL")\n}`),
  ].join('\n');
}

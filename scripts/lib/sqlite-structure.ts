import Database from 'better-sqlite3';

/**
 * A provider-neutral description of a SQLite database's tables, columns, indexes and foreign
 * keys, sorted so that two databases built differently (a fresh CREATE vs. a history of ALTERs,
 * where columns may end up in another order) compare equal when they are equivalent.
 */
export function describeSqliteStructure(db: Database.Database): unknown {
  const tables = db
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name`,
    )
    .pluck()
    .all() as string[];
  return tables.map((table) => {
    const quoted = `"${table.replace(/"/g, '""')}"`;
    const columns = db.prepare(`PRAGMA table_xinfo(${quoted})`).all() as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }[];
    const indexes = db.prepare(`PRAGMA index_list(${quoted})`).all() as { name: string; unique: number; origin: string }[];
    const foreignKeys = db.prepare(`PRAGMA foreign_key_list(${quoted})`).all() as {
      table: string;
      from: string;
      to: string;
      on_update: string;
      on_delete: string;
    }[];
    return {
      table,
      columns: columns
        .map((c) => ({ name: c.name, type: c.type.toUpperCase(), notnull: c.notnull, default: c.dflt_value, pk: c.pk }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      indexes: indexes
        .map((index) => ({
          name: index.name,
          unique: index.unique,
          origin: index.origin,
          columns: (db.prepare(`PRAGMA index_info("${index.name.replace(/"/g, '""')}")`).all() as { name: string }[]).map(
            (c) => c.name,
          ),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      foreignKeys: foreignKeys
        .map((fk) => ({ table: fk.table, from: fk.from, to: fk.to, onUpdate: fk.on_update, onDelete: fk.on_delete }))
        .sort((a, b) => `${a.table}.${a.from}`.localeCompare(`${b.table}.${b.from}`)),
    };
  });
}

/** Runs SQL scripts on a fresh in-memory database and describes the result. */
export function structureAfter(scripts: string[]): unknown {
  const db = new Database(':memory:');
  try {
    for (const script of scripts) db.exec(script);
    return describeSqliteStructure(db);
  } finally {
    db.close();
  }
}

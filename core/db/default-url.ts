/** DATABASE_URL when none is set: a SQLite file under ./data (relative to the working directory). */
export const DEFAULT_DATABASE_URL = 'file:./data/recovery-desk.db';

import type Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One numbered migration file, `NNNN_name.sql`. */
export interface MigrationFile {
  id: number;
  name: string;
  sql: string;
}

/** The database's applied migrations are not a prefix of the files: refuse to start. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Reads `src/store/migrations/NNNN_name.sql`, sorted by number; rejects duplicate numbers. */
export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  let last = 0;
  return files.map((file) => {
    const m = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) throw new MigrationError(`migration file name must be NNNN_name.sql: ${file}`);
    const id = Number(m[1]);
    if (id <= last) throw new MigrationError(`two migrations share the number ${m[1]}: ${file}`);
    last = id;
    return { id, name: m[2] ?? '', sql: readFileSync(dir + file, 'utf8') };
  });
}

/**
 * Applies every migration not yet recorded in `schema_migrations`, each in its own transaction.
 * Refuses (MigrationError) when the recorded history differs from the files' prefix or is longer:
 * that database was made by other code, and writing to it could lose data.
 */
export function migrate(db: Database.Database, migrations: MigrationFile[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = db.prepare('SELECT id, name FROM schema_migrations ORDER BY id').all() as { id: number; name: string }[];
  if (applied.length > migrations.length) {
    throw new MigrationError(
      `database has ${applied.length} migrations applied but this version knows only ${migrations.length}; use a newer version of the service`,
    );
  }
  applied.forEach((row, i) => {
    const file = migrations[i];
    if (!file || file.id !== row.id || file.name !== row.name) {
      throw new MigrationError(
        `database migration ${row.id}_${row.name} does not match file ${file ? `${file.id}_${file.name}` : '(none)'}; refusing to start`,
      );
    }
  });
  const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations.slice(applied.length)) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.id, m.name, new Date().toISOString());
    })();
  }
}

import Database from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseOpenError } from './database-open-error.js';
import { migrate, type MigrationFile, readMigrations } from './migrate.js';

export { DatabaseOpenError };

/**
 * mkdir -p one level at a time from the nearest existing ancestor. (Node's recursive mkdir spins
 * forever under /proc, where mkdir answers ENOENT; and a file in the way gives a bare EEXIST.)
 */
function ensureDirectory(dir: string, file: string): void {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    let isDir: boolean | undefined;
    try {
      isDir = statSync(at).isDirectory();
    } catch {
      isDir = undefined;
    }
    if (isDir === true) break;
    if (isDir === false) throw new DatabaseOpenError(file, 'not-a-directory', 'ENOTDIR', at);
    const parent = dirname(at);
    if (parent === at) break;
    missing.unshift(at);
    at = parent;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? String(e);
      if (code !== 'EEXIST') throw new DatabaseOpenError(file, 'mkdir', code, d);
    }
  }
}

/** The open SQLite connection. Only code under `src/store` may touch it. */
export type Db = Database.Database;

/**
 * Opens (creating its directory if needed) the SQLite file at `path` — or `:memory:` —
 * with WAL and foreign keys on, and applies pending migrations.
 * Throws {@link import('./migrate.js').MigrationError} when the database's history is not a prefix of the files.
 */
export function openDatabase(path: string, migrations: MigrationFile[] = readMigrations()): Db {
  if (path !== ':memory:') ensureDirectory(dirname(resolve(path)), resolve(path));
  let db: Db;
  try {
    db = new Database(path);
  } catch (e) {
    throw new DatabaseOpenError(resolve(path), 'open', e instanceof Error ? e.message : String(e));
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // Deleted content is overwritten with zeros, not left in free pages (privacy: /xoadulieu, handled
    // updates: the text of a question or of a message sent for a scam check is dropped once handled).
    // ON, not FAST: FAST leaves deleted content on freelist pages.
    db.pragma('secure_delete = ON');
    // Checkpoint the WAL every ~2,000 pages (SQLite's default is 1,000; 10,000 measured a little cheaper
    // but let the WAL grow to ~40 MB holding old page versions with handled text), and truncate it back
    // to at most 4 MiB after a checkpoint. The service also runs a TRUNCATE checkpoint every minute
    // ({@link checkpoint}), which bounds how long handled text stays in the WAL.
    db.pragma('wal_autocheckpoint = 2000');
    db.pragma('journal_size_limit = 4194304');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations);
  } catch (e) {
    db.close();
    // A file SQLite cannot use (a directory, no permission, not a database) shows up at the first pragma.
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^SQLITE_(CANTOPEN|READONLY|PERM|NOTADB|IOERR|AUTH|FULL)/.test(code)) {
      throw new DatabaseOpenError(resolve(path), 'open', `${code}: ${(e as Error).message}`);
    }
    throw e;
  }
  return db;
}

/**
 * Copies the WAL into the database file and truncates it to zero bytes, so the old page versions it
 * held (handled messages, deleted learners) leave the disk. Returns false when readers kept it from
 * completing (it is tried again on the next timer).
 */
export function checkpoint(db: Db): boolean {
  const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
  return !row || row.busy === 0;
}

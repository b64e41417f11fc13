import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, type MigrationFile, readMigrations } from './migrate.js';

/** The open SQLite connection. Only code under `src/store` may touch it. */
export type Db = Database.Database;

/**
 * Opens (creating its directory if needed) the SQLite file at `path` — or `:memory:` —
 * with WAL and foreign keys on, and applies pending migrations.
 * Throws {@link import('./migrate.js').MigrationError} when the database's history is not a prefix of the files.
 */
export function openDatabase(path: string, migrations: MigrationFile[] = readMigrations()): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // Checkpoint the WAL every ~10,000 pages rather than SQLite's 1,000: the service writes a few small
    // transactions per message, and frequent checkpoints were a measurable share of its CPU.
    db.pragma('wal_autocheckpoint = 10000');
    db.pragma('busy_timeout = 5000');
    // Zero deleted content in pages written anyway (no extra I/O): the text of an inbound update (a
    // message sent for a scam check, a question) is dropped from the intake once handled, and should
    // not linger in free space of the file.
    db.pragma('secure_delete = FAST');
    migrate(db, migrations);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

import type { Db } from './database.js';

/** Key-value settings kept in SQLite (for example a webhook secret generated once). */
export class SettingsRepository {
  private readonly getStmt;
  private readonly setStmt;
  private readonly insertStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.setStmt = db.prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
    this.insertStmt = db.prepare('INSERT OR IGNORE INTO settings (key, value, updated_at) VALUES (?, ?, ?)');
  }

  get(key: string): string | undefined {
    return this.getStmt.get(key)?.value;
  }

  set(key: string, value: string): void {
    this.setStmt.run(key, value, new Date().toISOString());
  }

  /** Returns the stored value, storing `make()` first when there is none (atomic across instances). */
  getOrCreate(key: string, make: () => string): string {
    this.insertStmt.run(key, make(), new Date().toISOString());
    return this.get(key)!;
  }
}

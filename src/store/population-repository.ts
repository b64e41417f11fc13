import type { Db } from './database.js';

/** Each xã/phường's adult population, imported by an admin (the denominator of coverage). */
export class PopulationRepository {
  constructor(private readonly db: Db) {}

  /** Replaces the given units' figures (others are kept), in one transaction. */
  import(rows: ReadonlyArray<{ code: string; adults: number }>, by: string, now: Date): number {
    const stmt = this.db.prepare(
      `INSERT INTO commune_population (code, adults, imported_at, imported_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (code) DO UPDATE SET adults = excluded.adults, imported_at = excluded.imported_at, imported_by = excluded.imported_by`,
    );
    return this.db.transaction(() => {
      for (const r of rows) stmt.run(r.code, r.adults, now.toISOString(), by);
      return rows.length;
    })();
  }

  /** Adults per commune code. */
  all(): Map<string, number> {
    const rows = this.db.prepare<[], { code: string; adults: number }>('SELECT code, adults FROM commune_population').all();
    return new Map(rows.map((r) => [r.code, r.adults]));
  }
}

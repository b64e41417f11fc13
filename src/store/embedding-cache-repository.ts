import type { Db } from './database.js';

/**
 * Embedding vectors keyed by (hash of the embedded text, model), stored as Float32 blobs: a passage is
 * embedded once per model, across restarts, and again only when its text changes.
 */
export class EmbeddingCacheRepository {
  private readonly getStmt;
  private readonly putStmt;
  private readonly getMany;
  private readonly putMany;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string, string], { vector: Buffer }>('SELECT vector FROM embedding_cache WHERE content_hash = ? AND model = ?');
    this.putStmt = db.prepare(
      `INSERT INTO embedding_cache (content_hash, model, vector, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (content_hash, model) DO UPDATE SET vector = excluded.vector, created_at = excluded.created_at`,
    );
    this.getMany = db.transaction((hashes: string[], model: string) => {
      const out = new Map<string, Float32Array>();
      for (const h of hashes) {
        const row = this.getStmt.get(h, model);
        // A blob whose length is not a whole number of floats is unreadable: treat it as missing.
        if (row && row.vector.byteLength % 4 === 0 && row.vector.byteLength > 0) out.set(h, toFloats(row.vector));
      }
      return out;
    });
    this.putMany = db.transaction((entries: { hash: string; vector: Float32Array }[], model: string, nowMs: number) => {
      for (const e of entries) this.putStmt.run(e.hash, model, Buffer.from(e.vector.buffer, e.vector.byteOffset, e.vector.byteLength), nowMs);
    });
  }

  /** The stored vectors among `hashes` for `model` (missing ones are simply absent). */
  get(hashes: string[], model: string): Map<string, Float32Array> {
    return this.getMany(hashes, model);
  }

  put(entries: { hash: string; vector: Float32Array }[], model: string, nowMs: number): void {
    this.putMany(entries, model, nowMs);
  }
}

function toFloats(buf: Buffer): Float32Array {
  // Copy: the Buffer may not be 4-byte aligned inside its ArrayBuffer.
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return new Float32Array(copy.buffer);
}

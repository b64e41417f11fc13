import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/**
 * Labelled JSONL (training and evaluation data): one JSON object a line, blank lines skipped, every line
 * checked with the schema. Throws naming the file and line: training data must be clean.
 */
export function parseJsonl<T>(text: string, name: string, schema: z.ZodType<T>): T[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return schema.parse(JSON.parse(l));
      } catch (e) {
        throw new Error(`${name}, dòng ${i + 1}: ${(e as Error).message}`);
      }
    });
}

/** A JSONL file's items and the sha256 of its bytes (so a model can record what it was trained on). */
export function readJsonl<T>(path: string, schema: z.ZodType<T>): { items: T[]; sha256: string } {
  const bytes = readFileSync(path);
  return { items: parseJsonl(bytes.toString('utf8'), path, schema), sha256: sha256(bytes) };
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

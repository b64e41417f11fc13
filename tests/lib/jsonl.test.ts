import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJsonl, readJsonl, sha256 } from '../../src/lib/jsonl.js';

const schema = z.object({ id: z.string(), n: z.number() });

describe('labelled JSONL', () => {
  it('parses one object a line, skipping blank lines', () => {
    expect(parseJsonl('{"id":"a","n":1}\n\n{"id":"b","n":2}\n', 'f', schema)).toEqual([
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
    ]);
  });

  it('names the file and the line of a line that is not JSON or not of the schema', () => {
    expect(() => parseJsonl('{"id":"a","n":1}\n{"id":"b"', 'data.jsonl', schema)).toThrow(/data\.jsonl, dòng 2/);
    expect(() => parseJsonl('{"id":"a","n":"1"}', 'data.jsonl', schema)).toThrow(/data\.jsonl, dòng 1/);
  });

  it('reads a file with the sha256 of its bytes', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'jsonl-')), 'x.jsonl');
    const text = '{"id":"a","n":1}\n';
    writeFileSync(path, text);
    expect(readJsonl(path, schema)).toEqual({ items: [{ id: 'a', n: 1 }], sha256: sha256(text) });
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

/** One labelled message of `bench/data/scam-messages.*.jsonl`. */
const itemSchema = z.object({
  id: z.string(),
  label: z.enum(['scam', 'legit']),
  kinds: z.array(z.string()).default([]),
  text: z.string().min(1),
});
export type ScamItem = z.infer<typeof itemSchema>;

/** Reads a labelled set; undefined when the file is absent. Lines that do not parse are reported and skipped. */
export function readScamSet(path: string): { items: ScamItem[]; skipped: number } | undefined {
  if (!existsSync(path)) return undefined;
  const items: ScamItem[] = [];
  let skipped = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      items.push(itemSchema.parse(JSON.parse(line)));
    } catch {
      skipped++;
    }
  }
  return { items, skipped };
}

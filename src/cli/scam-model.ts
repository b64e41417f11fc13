/**
 * `npm run scam:model`: trains the "resembles known scams" model on bench/data/scam-messages.dev.jsonl,
 * calibrates its threshold by 5-fold cross-validation and writes src/scamcheck/data/resemblance-model.json.
 * Run it again whenever the dev file changes (a test fails until then).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildModel, type Figures } from '../scamcheck/resemblance-train.js';
import { MODEL_PATH } from '../scamcheck/resemblance.js';

const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)} %`;

export function figuresRow(label: string, f: Figures): string {
  return `| ${label} | ${pct(f.flagged, f.scams)} (${f.flagged}/${f.scams}) | ${pct(f.scamDanger, f.scams)} | ${pct(f.legitDanger, f.legit)} (${f.legitDanger}) | ${pct(f.legitSuspicious, f.legit)} (${f.legitSuspicious}) |`;
}

export async function run(): Promise<number> {
  const t0 = performance.now();
  const { model, cv } = buildModel();
  writeFileSync(MODEL_PATH, JSON.stringify(model, null, 1) + '\n');
  console.log(`${fileURLToPath(MODEL_PATH)}: ${model.weights.length} n-grams, threshold ${model.threshold}, trained on ${model.trainedOn.messages} messages (${((performance.now() - t0) / 1000).toFixed(1)} s).`);
  console.log('\n5-fold cross-validation on the dev file (held-out fifths):\n');
  console.log('| engine | scams flagged | scams called danger | legit called danger | legit called suspicious |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(figuresRow('rules only', cv.rules));
  for (const t of cv.byThreshold) console.log(figuresRow(`rules + resemblance ≥ ${t.threshold}${t.threshold === cv.threshold ? ' (chosen)' : ''}`, t.figures));
  return 0;
}

process.exitCode = await run();

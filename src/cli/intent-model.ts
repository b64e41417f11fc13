/**
 * `npm run intent:model`: trains the message-intent model (src/assistant/intent-model.ts) on the lessons'
 * question variants, bench/data/questions.dev.jsonl and src/assistant/data/intent-examples.jsonl, chooses
 * its decision policy by 5-fold cross-validation and writes src/assistant/data/intent-model.json.
 * Run it again whenever those change (a test fails until then).
 * `npm run intent:model -- --by-writer` instead measures each writer's questions with a model and a
 * policy trained without them (writes nothing).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCurriculum } from '../content/loader.js';
import { INTENT_MODEL_PATH } from '../assistant/intent-model.js';
import { buildIntentModel, leaveOneWriterOut, writerGroups, type PolicyFigures } from '../assistant/intent-train.js';

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

function row(label: string, f: PolicyFigures): string {
  return `| ${label} | ${f.inScope} | ${pct(f.rightTopic)} | ${pct(f.helped)} | ${pct(f.wrong)} | ${pct(f.declined)} | ${pct(f.smallTalk)} |`;
}

export function run(contentDir = 'content', byWriter = false): number {
  if (byWriter) {
    console.log('Leave one writer out (model and policy trained without any of that writer\'s questions):\n');
    console.log('| questions | in scope | right topic, answered | helped | wrong confident | out of scope + harmful declined | small talk + quit |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const f of leaveOneWriterOut(loadCurriculum(contentDir), writerGroups())) {
      console.log(row(`${f.writer}, word lists and scores only`, f.without));
      console.log(row(`${f.writer}, with the model`, f.with));
    }
    return 0;
  }
  const t0 = performance.now();
  const { model, figures } = buildIntentModel(loadCurriculum(contentDir));
  writeFileSync(INTENT_MODEL_PATH, JSON.stringify(model, null, 1) + '\n');
  const examples = model.trainedOn.reduce((s, t) => s + t.examples, 0);
  console.log(`${fileURLToPath(INTENT_MODEL_PATH)}: ${model.weights.length} features, ${examples} examples (${((performance.now() - t0) / 1000).toFixed(1)} s).`);
  console.log(`Policy: ${JSON.stringify(model.policy)}`);
  console.log('\n5-fold cross-validation (each question judged by a model that never saw it):\n');
  console.log('| questions | in scope | right topic, answered | helped | wrong confident | out of scope + harmful declined | small talk + quit |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const f of figures) {
    console.log(row(`${f.file}, word lists and scores only`, f.without));
    console.log(row(`${f.file}, with the model`, f.with));
  }
  return 0;
}

process.exitCode = run('content', process.argv.includes('--by-writer'));

/**
 * The fake OpenAI-compatible model in a worker thread, so its own CPU (JSON, HTTP) runs on another core
 * and does not count against the pipeline's throughput. Posts `{url}` once listening; answers
 * `'count'` with `{chats}` and closes on `'close'`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FakeOpenAiServer } from '../../tests/fakes/openai-server.js';

const fake = await FakeOpenAiServer.start({ latencyMs: (workerData as { latencyMs: number }).latencyMs });
parentPort!.postMessage({ url: fake.url });
parentPort!.on('message', (m: string) => {
  if (m === 'count') parentPort!.postMessage({ chats: fake.chats.length });
  if (m === 'close') void fake.close().then(() => parentPort!.close());
});

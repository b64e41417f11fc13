import { spawn } from 'node:child_process';
import { request, Agent } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FakeOpenAiServer } from '../fakes/openai-server.js';
import { makeWorkDir, ROOT, ServiceProcess } from './service-process.js';

/**
 * Shutdown as a supervisor or a container runtime does it: SIGTERM with a browser's keep-alive
 * connection open ends within 10 s, and a SIGTERM sent to `npm start` itself reaches the service.
 */
describe('shutdown', () => {
  let work: ReturnType<typeof makeWorkDir> | undefined;
  afterEach(() => work?.cleanup());

  it('SIGTERM while a keep-alive web-chat request is being answered ends within 10 s', async () => {
    work = makeWorkDir();
    const model = await FakeOpenAiServer.start({ latencyMs: 2_000 });
    const service = await ServiceProcess.start(
      { PORT: '0', DATABASE_PATH: work.dbPath, CONTENT_DIR: work.contentDir, OPENAI_BASE_URL: model.url, OPENAI_MODEL: 'fake-model', PROMPTS_DIR: join(ROOT, 'prompts') },
      40_000,
    );
    const agent = new Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
    const url = new URL(service.url + '/api/chat');
    // A browser asks a question over a keep-alive connection and keeps the connection open afterwards.
    // The web chat only takes sessions it issued.
    const opened = await fetch(service.url + '/api/chat/open', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { session } = (await opened.json()) as { session: string };
    const body = JSON.stringify({ session, id: 'm1', text: 'VNeID là gì?' });
    const answered = new Promise<number>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    await new Promise((r) => setTimeout(r, 500)); // the model is still thinking
    const started = Date.now();
    service.kill('SIGTERM');
    expect(await answered).toBe(200); // the question in flight is still answered
    const exit = await service.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(10_000);
    agent.destroy();
    await model.close();
  }, 60_000);

  it('the same SIGTERM delivered twice (process group + npm forwarding) still stops gracefully', async () => {
    work = makeWorkDir();
    // A question in flight to a slow model keeps the graceful stop busy for a while.
    const model = await FakeOpenAiServer.start({ latencyMs: 3_000 });
    const service = await ServiceProcess.start(
      { PORT: '0', DATABASE_PATH: work.dbPath, CONTENT_DIR: work.contentDir, OPENAI_BASE_URL: model.url, OPENAI_MODEL: 'fake-model', PROMPTS_DIR: join(ROOT, 'prompts') },
      40_000,
    );
    const opened = await fetch(service.url + '/api/chat/open', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { session } = (await opened.json()) as { session: string };
    const asked = fetch(service.url + '/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session, id: 'm1', text: 'VNeID là gì?' }),
    }).then((r) => r.status, () => 0);
    await new Promise((r) => setTimeout(r, 500)); // the model is still thinking
    service.kill('SIGTERM');
    // The copy arrives once the first was handled (sent together, the kernel would merge them into one).
    await service.until(() => service.stdout.includes('Đang dừng dịch vụ'), 10_000, 'the first signal handled');
    service.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null }); // not 130, the "exit now" of a second Ctrl+C
    expect(await asked).toBe(200); // and the question in flight was still answered
    await model.close();
  }, 60_000);

  it('a SIGTERM sent to `npm start` stops the service (no orphan keeps the port)', async () => {
    work = makeWorkDir();
    const child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: work.dbPath, CONTENT_DIR: work.contentDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!/http:\/\/127\.0\.0\.1:\d+/.test(out)) {
      if (Date.now() > deadline) throw new Error('npm start did not print its address');
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(out)![0];
    expect((await fetch(url + '/healthz')).status).toBe(200);
    child.kill('SIGTERM'); // to npm itself, as `docker stop` or a supervisor would
    await exited;
    // The service behind npm got the signal too: its port stops answering.
    const gone = Date.now() + 12_000;
    let up = true;
    while (up && Date.now() < gone) {
      up = await fetch(url + '/healthz').then(() => true, () => false);
      if (up) await new Promise((r) => setTimeout(r, 100));
    }
    expect(up).toBe(false);
  }, 60_000);
});

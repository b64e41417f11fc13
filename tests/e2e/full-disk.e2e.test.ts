import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkDir, ServiceProcess } from './service-process.js';

/**
 * The real service with a full disk: its file-size limit (RLIMIT_FSIZE, set on the running process
 * with util-linux `prlimit`) is lowered to its WAL's current size, so SQLite cannot append. /readyz
 * must say the database is unwritable, new messages are refused (never half-handled), and all is well
 * again once there is room.
 */
describe('a full disk under the running service', () => {
  let service: ServiceProcess;
  let work: ReturnType<typeof makeWorkDir>;
  let session = '';
  const post = (id: string, text: string) =>
    fetch(service.url + '/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session, id, text }),
    });

  beforeAll(async () => {
    work = makeWorkDir();
    service = await ServiceProcess.start({ PORT: '0', DATABASE_PATH: work.dbPath, CONTENT_DIR: work.contentDir }, 60_000);
    await service.waitReady();
    // The web chat only takes sessions it issued.
    const opened = await fetch(service.url + '/api/chat/open', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    session = ((await opened.json()) as { session: string }).session;
  }, 90_000);
  afterAll(async () => {
    await service?.dispose();
    work?.cleanup();
  });

  it('/readyz reports the database unwritable, and ready again once there is room', async () => {
    expect((await post('m1', '/start')).status).toBe(200);
    const wal = statSync(work.dbPath + '-wal').size;
    execFileSync('prlimit', ['--pid', String(service.child.pid), `--fsize=${wal}:unlimited`]);
    expect((await post('m2', 'học')).status).toBe(500);
    const res = await service.get('/readyz');
    expect(res.status).toBe(503);
    const body = JSON.parse(res.text) as { checks: Record<string, boolean>; reasons: Record<string, string> };
    expect(body.checks.database).toBe(false);
    expect(body.reasons.database).toMatch(/database unwritable/);
    execFileSync('prlimit', ['--pid', String(service.child.pid), '--fsize=unlimited']);
    expect((await post('m3', 'học')).status).toBe(200);
    expect((await service.get('/readyz')).status).toBe(200);
  }, 60_000);
});

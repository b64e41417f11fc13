import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The real service as a separate process (`node --import tsx src/cli.ts start`, exactly what
 * `npm start` runs), with its environment pointing at fake platform servers, a temp database and a
 * temp copy of the test curriculum. Tests talk to it only over HTTP, like the platforms do.
 */
export const ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures');

/** A temp directory holding `content/` (fixture curriculum + communes) and where `app.db` goes. */
export function makeWorkDir(): { dir: string; contentDir: string; dbPath: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-'));
  const contentDir = join(dir, 'content');
  cpSync(join(FIXTURES, 'curriculum'), contentDir, { recursive: true });
  cpSync(join(FIXTURES, 'communes.yaml'), join(contentDir, 'communes.yaml'));
  return { dir, contentDir, dbPath: join(dir, 'app.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ServiceProcess {
  stdout = '';
  stderr = '';
  url = '';
  readonly exited: Promise<Exit>;

  private constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((res) => child.once('exit', (code, signal) => res({ code, signal })));
  }

  /** Spawns the service and waits until it prints its address (fails if it exits first). */
  static async start(env: Record<string, string>, timeoutMs = 20_000, nodeArgs: string[] = []): Promise<ServiceProcess> {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/cli.ts', 'start'], {
      cwd: ROOT,
      // Only what the service needs: no inherited platform tokens or .env surprises.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(child);
    await service.until(() => /http:\/\/127\.0\.0\.1:\d+/.test(service.stdout), timeoutMs, 'the service address');
    service.url = /http:\/\/127\.0\.0\.1:\d+/.exec(service.stdout)![0];
    return service;
  }

  /** Resolves when `predicate` holds (checked every 20 ms); rejects if the process exits or time runs out. */
  async until(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      if (await predicate()) return;
      if (exited) throw new Error(`service exited while waiting for ${what}\n${this.stderr.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${this.stderr.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** GET a path; resolves status and text (network errors become status 0). */
  async get(path: string): Promise<{ status: number; text: string }> {
    try {
      const res = await fetch(this.url + path);
      return { status: res.status, text: await res.text() };
    } catch {
      return { status: 0, text: '' };
    }
  }

  /** Sum of a Prometheus counter over all its series matching `labels` (e.g. `channel="telegram"`). */
  async metric(name: string, labels = ''): Promise<number> {
    const { text } = await this.get('/metrics');
    let sum = 0;
    for (const line of text.split('\n')) {
      if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue;
      if (labels && !line.includes(labels)) continue;
      sum += Number(line.split(' ').pop());
    }
    return sum;
  }

  /** Waits until `/readyz` answers 200. */
  waitReady(timeoutMs = 15_000): Promise<void> {
    return this.until(async () => (await this.get('/readyz')).status === 200, timeoutMs, '/readyz');
  }

  /** Waits until `n` updates of `channel` were handled (any outcome) and nothing is pending. */
  waitHandled(channel: string, n: number, timeoutMs = 10_000): Promise<void> {
    return this.until(
      async () =>
        (await this.metric('bot_updates_handled_total', `channel="${channel}"`)) >= n && (await this.metric('bot_intake_pending')) === 0,
      timeoutMs,
      `${n} ${channel} updates handled`,
    );
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Stops the process if still running (SIGKILL after SIGTERM had 5 s). */
  async dispose(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}

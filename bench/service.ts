/**
 * `npm run bench:service [-- --citizens 500 --rate 500 --seconds 15 --warmup 4 --only paced]`
 * (`--only paced`: just the service's paced run, for quick comparisons while working on it; the table
 * then has one row and no targets line.)
 *
 * The real service process (`src/cli.ts start`, Telegram webhook mode, extractive assistant, real
 * content, a fresh SQLite file) under load from simulated citizens over loopback; a fake Telegram Bot
 * API on 127.0.0.1 receives its replies. Each citizen does a first session (/start, skip the commune,
 * no announcements) and then, like a person, waits for the answer before the next message: asks
 * questions, starts quizzes and answers them by pressing buttons.
 *
 * The same load then goes to a minimal telegraf echo bot (bench/echo-bot.ts) — the framework's floor.
 * Reported: updates/s sustained, latency from webhook sent to the first reply call (p50/p95/p99),
 * errors, CPU time per update (the cost), peak RSS; as a Markdown table.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../src/learning/random.js';
import { freePort } from '../tests/channels/harness.js';
import { makeWorkDir, ROOT, ServiceProcess } from '../tests/e2e/service-process.js';
import type { RecordedCall } from '../tests/fakes/http-fake.js';
import { FakeTelegramServer } from '../tests/fakes/telegram-server.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const CITIZENS = arg('citizens', 500);
/** Offered load of the paced runs (updates/s across all citizens). */
const RATE = arg('rate', 500);
const SECONDS = arg('seconds', 15);
const WARMUP_SECONDS = arg('warmup', 4);
const ONLY_PACED = args[args.indexOf('--only') + 1] === 'paced' && args.includes('--only');
const CONTENT_DIR = process.env.BENCH_CONTENT_DIR ?? join(ROOT, 'content');
const SECRET = 'bench-secret_0123456789';
const REPLY_TIMEOUT_MS = 10_000;
/** After the first reply, a reply burst is over when nothing more came for this long. */
const QUIET_MS = 15;

const QUESTIONS = [
  'VNeID là gì?',
  'vneid la gi',
  'Làm sao đăng ký tài khoản định danh mức 2?',
  'cach nop ho so dich vu cong truc tuyen',
  'Chuyển khoản nhầm thì phải làm gì?',
  'Người lạ gọi điện xưng công an bảo chuyển tiền thì sao?',
  'ma OTP la gi, co nen cho nguoi khac khong?',
  'Cổng dịch vụ công quốc gia dùng để làm gì?',
  'quet ma QR thanh toan co an toan khong',
  'Bình dân học vụ số là phong trào gì?',
  'quên mật khẩu VNeID thì làm sao?',
  'Làm thế nào để nhận biết tin nhắn lừa đảo?',
];

interface Chat {
  waiting?: { t0: number; first?: number; wake: () => void };
  lastReplyAt: number;
  buttons: string[];
}

interface RunResult {
  name: string;
  updates: number;
  seconds: number;
  latencies: number[];
  errors: number;
  cpuMsPerUpdate: number;
  peakRssMb: number;
}

/** CPU time (user + system) of a process so far, in ms (Linux /proc). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
}

/** Peak resident set size of a process, in MB (VmHWM). */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Drives `CITIZENS` closed-loop citizens against `webhookUrl`; replies are observed on `fake`. */
async function drive(
  name: string,
  fake: FakeTelegramServer,
  webhookUrl: string,
  pid: number,
  quiz: boolean,
  /** Each citizen sends at most one update per `paceMs` (open-ish loop); undefined = as fast as answered. */
  paceMs?: number,
): Promise<RunResult> {
  fake.keepCalls = false;
  const chats = new Map<string, Chat>();
  const random = seededRandom(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)] as T;
  let errors = 0;
  let measuring = false;
  let stopping = false;
  let updates = 0;
  const latencies: number[] = [];

  fake.on('call', (call: RecordedCall) => {
    if (call.method !== 'sendMessage' || !call.ok) return;
    const chat = chats.get(String(call.payload.chat_id));
    if (!chat) return;
    const now = performance.now();
    chat.lastReplyAt = now;
    const kb = (call.payload.reply_markup as { inline_keyboard?: Array<Array<{ callback_data: string }>> } | undefined)?.inline_keyboard;
    if (kb) chat.buttons = kb.flat().map((b) => b.callback_data);
    const w = chat.waiting;
    if (w && w.first === undefined) {
      w.first = now;
      w.wake();
    }
  });

  const step = async (id: number, update: Record<string, unknown>): Promise<void> => {
    const chat = chats.get(String(id))!;
    chat.buttons = [];
    const t0 = performance.now();
    const counted = measuring;
    const replied = new Promise<void>((wake) => (chat.waiting = { t0, wake }));
    try {
      const res = await fake.deliverWebhook(update, { url: webhookUrl, secret: SECRET });
      if (res.status !== 200) errors++;
    } catch {
      errors++;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      replied.then(() => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), REPLY_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    const first = chat.waiting?.first;
    chat.waiting = undefined;
    if (timedOut || first === undefined) {
      errors++;
      return;
    }
    if (counted && measuring) {
      latencies.push(first - t0);
      updates++;
    }
    // Let the rest of the reply burst arrive (a quiz answer gets feedback + the next question).
    while (performance.now() - chat.lastReplyAt < QUIET_MS) await new Promise((r) => setTimeout(r, QUIET_MS));
  };

  const citizen = async (i: number) => {
    const id = 500_000 + i + (paceMs ? 0 : 100_000);
    chats.set(String(id), { lastReplyAt: 0, buttons: [] });
    const spread = paceMs ?? 1000;
    let next = performance.now() + (i / CITIZENS) * spread;
    const paced = async (update: Record<string, unknown>) => {
      const wait = next - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      next = Math.max(next + (paceMs ?? 0), performance.now());
      await step(id, update);
    };
    if (quiz) {
      await paced(fake.textUpdate(id, '/start'));
      await paced(fake.textUpdate(id, 'bỏ qua'));
      await paced(fake.textUpdate(id, 'không'));
      await paced(fake.textUpdate(id, 'bỏ qua'));
    }
    while (!stopping) {
      const buttons = chats.get(String(id))!.buttons;
      const answers = buttons.filter((d) => d.startsWith('a:'));
      if (quiz && answers.length > 0) await paced(fake.callbackUpdate(id, pick(answers)));
      else if (random() < 0.5) await paced(fake.textUpdate(id, pick(QUESTIONS)));
      else {
        const starts = buttons.filter((d) => d.startsWith('tq:') || d.startsWith('lq:'));
        await paced(quiz && starts.length > 0 ? fake.callbackUpdate(id, pick(starts)) : fake.textUpdate(id, '/kiemtra'));
      }
    }
  };

  const running = Array.from({ length: CITIZENS }, (_, i) => citizen(i));
  await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  measuring = true;
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  measuring = false;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuMs(pid) - cpu0;
  stopping = true;
  await Promise.all(running);
  fake.removeAllListeners('call');
  return {
    name,
    updates,
    seconds,
    latencies: latencies.sort((a, b) => a - b),
    errors,
    cpuMsPerUpdate: cpu / Math.max(1, updates),
    peakRssMb: peakRssMb(pid),
  };
}

async function benchService(): Promise<RunResult[]> {
  const fake = await FakeTelegramServer.start();
  const work = makeWorkDir();
  const port = await freePort();
  const hook = `https://127.0.0.1:${port}/hooks/telegram`;
  const service = await ServiceProcess.start(
  {
    PORT: String(port),
    DATABASE_PATH: work.dbPath,
    CONTENT_DIR: CONTENT_DIR,
    LOG_LEVEL: 'warn',
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.url,
    TELEGRAM_WEBHOOK_URL: hook,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    // The bench measures the service, not the per-person limiter (citizens here never pause).
    RATE_LIMIT_MESSAGES: '1000',
    ...(process.env.MAX_CONCURRENT_CHATS ? { MAX_CONCURRENT_CHATS: process.env.MAX_CONCURRENT_CHATS } : {}),
  },
  // e.g. BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the service.
  30_000,
  process.env.BENCH_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? [],
  );
  try {
    await service.waitReady(30_000);
    const pid = service.child.pid!;
    const paced = await drive(`service, paced ${RATE}/s`, fake, hook, pid, true, (CITIZENS / RATE) * 1000);
    paced.errors += await service.metric('bot_errors_total');
    if (ONLY_PACED) return [paced];
    const before = await service.metric('bot_errors_total');
    const saturated = await drive('service, saturated', fake, hook, pid, true);
    saturated.errors += (await service.metric('bot_errors_total')) - before;
    return [paced, saturated];
  } finally {
    await service.dispose();
    await fake.close();
    work.cleanup();
  }
}

async function benchEcho(): Promise<RunResult[]> {
  const fake = await FakeTelegramServer.start();
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/echo-bot.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, PORT: String(port), SECRET },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve());
      child.once('exit', () => reject(new Error('echo bot exited')));
    });
    const url = `http://127.0.0.1:${port}/hook`;
    const paced = await drive(`telegraf echo (floor), paced ${RATE}/s`, fake, url, child.pid!, false, (CITIZENS / RATE) * 1000);
    const saturated = await drive('telegraf echo (floor), saturated', fake, url, child.pid!, false);
    return [paced, saturated];
  } finally {
    child.kill('SIGTERM');
    await fake.close();
  }
}

function row(r: RunResult): string {
  const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
  return `| ${r.name} | ${f(r.updates / r.seconds, 0)} | ${f(percentile(r.latencies, 50))} | ${f(percentile(r.latencies, 95))} | ${f(percentile(r.latencies, 99))} | ${r.errors} | ${f(r.cpuMsPerUpdate, 2)} | ${f(r.peakRssMb, 0)} |`;
}

const [servicePaced, serviceSaturated] = await benchService();
if (ONLY_PACED) {
  console.log(`\n## bench:service --only paced — ${CITIZENS} citizens, ${SECONDS} s measured after ${WARMUP_SECONDS} s warm-up\n`);
  console.log('| bot | updates/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/update | peak RSS MB |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  console.log(row(servicePaced!));
  process.exit(0);
}
const [echoPaced, echoSaturated] = await benchEcho();
const ratio = servicePaced!.cpuMsPerUpdate / echoPaced!.cpuMsPerUpdate;
const ups = servicePaced!.updates / servicePaced!.seconds;
const p99 = percentile(servicePaced!.latencies, 99);
console.log(`\n## bench:service — ${CITIZENS} citizens, ${SECONDS} s measured after ${WARMUP_SECONDS} s warm-up per run, ${availableParallelism()} CPU cores`);
console.log('Latency: webhook POST sent → first sendMessage received by the fake Bot API (loopback). Cost: bot process CPU time per update.');
console.log(`Paced: each citizen sends one update per ${((CITIZENS / RATE) * 1000).toFixed(0)} ms at most, and never before its previous answer arrived. Saturated: no pause (closed loop).\n`);
console.log('| bot | updates/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/update | peak RSS MB |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of [servicePaced!, echoPaced!, serviceSaturated!, echoSaturated!]) console.log(row(r));
console.log(
  `\nTargets (paced): ≥ ${RATE} updates/s ${ups >= RATE * 0.98 ? '✅' : '❌'} (${ups.toFixed(0)}) · p99 < 100 ms ${p99 < 100 ? '✅' : '❌'} (${p99.toFixed(1)}) · cost ≤ 3× echo ${ratio <= 3 ? '✅' : '❌'} (${ratio.toFixed(2)}×)`,
);
console.log('The load generator and the fake Bot API run on the same machine as the bot, so they share its cores.');

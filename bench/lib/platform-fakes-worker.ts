/**
 * The fake Telegram and Zalo servers of `npm run bench:broadcast`, in a worker thread: answering a
 * thousand sends a second is real work, and in the bench's main thread it would delay the timers and
 * the reading of citizens' replies, inflating the very latency being measured. Here the fakes count
 * deliveries per chat (duplicates) and timestamp every send with the wall clock shared by all threads
 * (`performance.timeOrigin + performance.now()`).
 *
 * Protocol (postMessage): posts `{type:'ready', telegram:{url, token}, zalo:{url, token}}` once
 * listening; posts `{type:'reply', chat, at}` for the first sendMessage to a watched citizen chat.
 * Accepts `{type:'watch', chat}` (a citizen asked; report the next reply to that chat),
 * `{type:'stats', id}` → `{type:'stats', id, ...Stats}`, `{type:'mark', id}` (resumption: the next
 * broadcast send after this is `resumedAt`), `{type:'close', id}`.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import type { RecordedCall } from '../../tests/fakes/http-fake.js';
import { FakeTelegramServer } from '../../tests/fakes/telegram-server.js';
import { FakeZaloServer } from '../../tests/fakes/zalo-server.js';

/** Chat ids from this one up are the broadcast's recipients; below are the citizens. */
export const FIRST_RECIPIENT = 1_000_000;

export interface FakeStats {
  delivered: number;
  distinct: number;
  duplicates: number;
  firstSend: number;
  lastSend: number;
  resumedAt: number;
}

const clock = () => performance.timeOrigin + performance.now();
const telegram = await FakeTelegramServer.start();
const zalo = await FakeZaloServer.start();
telegram.keepCalls = false;
zalo.keepCalls = false;

const perChat = new Map<string, number>();
const watched = new Set<string>();
const stats: FakeStats = { delivered: 0, distinct: 0, duplicates: 0, firstSend: 0, lastSend: 0, resumedAt: 0 };
let marked = false;

const onCall = (call: RecordedCall) => {
  if (call.method !== 'sendMessage' || !call.ok) return;
  const at = clock();
  const chat = String(call.payload.chat_id);
  if (watched.has(chat)) {
    watched.delete(chat);
    parentPort!.postMessage({ type: 'reply', chat, at });
    return;
  }
  if (Number(chat) < FIRST_RECIPIENT) return;
  const n = (perChat.get(chat) ?? 0) + 1;
  perChat.set(chat, n);
  if (n === 1) stats.distinct++;
  if (n === 2) stats.duplicates++;
  stats.delivered++;
  if (!stats.firstSend) stats.firstSend = at;
  stats.lastSend = at;
  if (marked && !stats.resumedAt) stats.resumedAt = at;
};
telegram.on('call', onCall);
zalo.on('call', onCall);

parentPort!.on('message', (m: { type: string; id?: number; chat?: string }) => {
  if (m.type === 'watch') watched.add(m.chat!);
  else if (m.type === 'unwatch') watched.delete(m.chat!);
  else if (m.type === 'stats') parentPort!.postMessage({ type: 'stats', id: m.id, ...stats });
  else if (m.type === 'mark') {
    marked = true;
    stats.resumedAt = 0;
    parentPort!.postMessage({ type: 'marked', id: m.id });
  } else if (m.type === 'close') {
    void Promise.all([telegram.close(), zalo.close()]).then(() => {
      parentPort!.postMessage({ type: 'closed', id: m.id });
      parentPort!.close();
    });
  }
});
parentPort!.postMessage({ type: 'ready', telegram: { url: telegram.url, token: telegram.token }, zalo: { url: zalo.url, token: zalo.token } });

/**
 * The baseline of `npm run bench:broadcast`: a naive sequential send loop — one `await sendMessage`
 * after another through the same Telegram client stack (telegraf, TelegramSender), no queue, no
 * persistence, no pacing. Run as its own process so its CPU time is its own; prints one JSON line.
 *   tsx bench/broadcast-naive.ts <apiRoot> <token> <count>
 */
import { Telegraf } from 'telegraf';
import { TelegramSender } from '../src/channels/telegram/sender.js';
import { silentLogger } from '../src/lib/logger.js';

const [apiRoot, token, countText] = process.argv.slice(2);
const count = Number(countText);
const bot = new Telegraf(token!, { telegram: { apiRoot: apiRoot! } });
const sender = new TelegramSender({ telegram: bot.telegram, logger: silentLogger });
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < count; i++) await sender.send(String(800_000 + i), { text: 'Lớp học kỹ năng số sáng Chủ nhật' });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ sent: count, ms, cpuMs: (cpu.user + cpu.system) / 1000 }));

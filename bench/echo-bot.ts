/**
 * The floor for `npm run bench:service`: a minimal telegraf bot that answers every update with one
 * sendMessage, served by telegraf's own webhook callback on a plain Node HTTP server. What telegraf
 * itself costs per update, with no database, no conversation and no assistant.
 *
 * Env: TELEGRAM_BOT_TOKEN, TELEGRAM_API_ROOT, PORT, SECRET. Prints `listening http://127.0.0.1:PORT`.
 */
import { createServer } from 'node:http';
import { Telegraf } from 'telegraf';

const token = process.env.TELEGRAM_BOT_TOKEN ?? '';
const bot = new Telegraf(token, { telegram: { apiRoot: process.env.TELEGRAM_API_ROOT ?? '' } });
bot.on('message', async (ctx) => {
  await ctx.telegram.sendMessage(ctx.chat.id, 'text' in ctx.message ? ctx.message.text : '…');
});
bot.on('callback_query', async (ctx) => {
  await ctx.answerCbQuery();
  await ctx.telegram.sendMessage(ctx.chat?.id ?? ctx.from.id, 'ok');
});
bot.catch((err) => console.error('echo bot error', err instanceof Error ? err.message : err));
bot.botInfo = await bot.telegram.getMe();

const server = createServer(bot.webhookCallback('/hook', { secretToken: process.env.SECRET }));
server.keepAliveTimeout = 30_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

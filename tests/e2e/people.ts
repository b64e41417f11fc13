import { loadCurriculum } from '../../src/content/loader.js';
import type { FakeTelegramServer } from '../fakes/telegram-server.js';
import type { FakeZaloServer } from '../fakes/zalo-server.js';
import type { ServiceProcess } from './service-process.js';

/** One message as the person sees it. */
export interface Msg {
  text: string;
  buttons: Array<{ label: string; data: string }>;
}

/**
 * A citizen on Telegram talking to the real service through the fake Bot API: each step sends one
 * update (queued for polling, or posted as a webhook) and waits until the service handled it, then
 * returns the messages it sent back.
 */
export class TelegramPerson {
  private read = 0;
  constructor(
    private readonly fake: FakeTelegramServer,
    private readonly service: () => ServiceProcess,
    readonly id: number,
    private readonly counter: { n: number },
    private readonly via: 'polling' | 'webhook',
  ) {}

  /** Everything the person received so far. */
  all(): Msg[] {
    return this.fake.ok('sendMessage')
      .filter((c) => String(c.payload.chat_id) === String(this.id))
      .map((c) => {
        const kb = (c.payload.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data: string }>> } | undefined)
          ?.inline_keyboard;
        return { text: String(c.payload.text), buttons: (kb ?? []).flat().map((b) => ({ label: b.text, data: b.callback_data })) };
      });
  }

  async say(text: string): Promise<Msg[]> {
    return this.send(this.fake.textUpdate(this.id, text));
  }

  /** Presses the button whose label contains `part` in the latest message that has buttons. */
  async press(part: string): Promise<Msg[]> {
    const withButtons = this.all().filter((m) => m.buttons.length > 0);
    const last = withButtons[withButtons.length - 1];
    const button = last?.buttons.find((b) => b.label.includes(part));
    if (!button) throw new Error(`no button "${part}" in ${JSON.stringify(last?.buttons.map((b) => b.label))}`);
    return this.send(this.fake.callbackUpdate(this.id, button.data));
  }

  async send(update: Record<string, unknown>): Promise<Msg[]> {
    if (this.via === 'polling') this.fake.queueUpdate(update);
    else {
      const res = await this.fake.deliverWebhook(update);
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${res.text}`);
    }
    this.counter.n++;
    await this.service().waitHandled('telegram', this.counter.n);
    const all = this.all();
    const fresh = all.slice(this.read);
    this.read = all.length;
    return fresh;
  }
}

/** A citizen on Zalo: no buttons, so choices are read as numbered lines and answered by number. */
export class ZaloPerson {
  private read = 0;
  constructor(
    private readonly fake: FakeZaloServer,
    private readonly service: () => ServiceProcess,
    readonly id: string,
    private readonly counter: { n: number },
    private readonly via: 'polling' | 'webhook',
  ) {}

  all(): string[] {
    return this.fake.sentTexts(this.id);
  }

  async say(text: string, wrapped = false): Promise<string[]> {
    return this.send(this.fake.textUpdate(this.id, text), wrapped);
  }

  /** Types the number of the latest numbered line containing `part`. */
  async choose(part: string): Promise<string[]> {
    const all = this.all();
    for (let i = all.length - 1; i >= 0; i--) {
      const line = [...(all[i] ?? '').matchAll(/^(\d+)\. (.*)$/gm)].find((m) => (m[2] ?? '').includes(part));
      if (line) return this.say(line[1] ?? '');
    }
    throw new Error(`no numbered choice "${part}" in: ${all.slice(-2).join('\n---\n')}`);
  }

  async send(update: Record<string, unknown>, wrapped = false): Promise<string[]> {
    if (this.via === 'polling') this.fake.queueUpdate(update);
    else {
      const res = await this.fake.deliverWebhook(update, { wrapped });
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${res.text}`);
    }
    this.counter.n++;
    await this.service().waitHandled('zalo', this.counter.n);
    const all = this.all();
    const fresh = all.slice(this.read);
    this.read = all.length;
    return fresh;
  }
}

/** The right answer's label for the quiz question shown in `m` (looked up in the fixture curriculum). */
export function rightAnswer(contentDir: string, m: Msg | string): string {
  const text = typeof m === 'string' ? m : m.text;
  const question = text.split('\n').find((line, i, all) => i > 0 && /^Câu \d+\/\d+$/.test(all[i - 1] ?? ''));
  const q = loadCurriculum(contentDir).lessons.flatMap((l) => l.quiz).find((x) => x.question === question);
  if (!q) throw new Error(`unknown question in: ${text}`);
  return q.choices[q.answer] ?? '';
}

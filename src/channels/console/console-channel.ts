import { createInterface } from 'node:readline';
import { renderChoicesAsText } from '../../core/choices.js';
import type { Inbound, MessageHandler, Outbound } from '../../core/types.js';

/** Words that end a console session (besides Ctrl+D). */
const EXIT_WORDS = new Set(['/thoat', '/thoát', '/exit', '/quit']);

export interface ConsoleChannelOptions {
  handler: MessageHandler;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Who is typing: the learner is keyed by ('console', userId), so two names are two people. */
  userId: string;
  userName?: string;
  /** Sent once at the start as if typed (the chat CLI sends `/start`, so a new person is greeted). */
  firstMessage?: string;
  /** Print what was read (when input is piped, so the transcript shows both sides). */
  echo?: boolean;
  /** ANSI colours (only for a terminal). */
  color?: boolean;
}

const ansi = (on: boolean) => ({
  bot: (s: string) => (on ? `\x1b[36m${s}\x1b[0m` : s),
  dim: (s: string) => (on ? `\x1b[2m${s}\x1b[0m` : s),
  you: (s: string) => (on ? `\x1b[1m${s}\x1b[0m` : s),
});

/**
 * A real channel adapter for the terminal: each line typed becomes a text {@link Inbound}, and each
 * {@link Outbound} is printed with its choices as numbered lines. Like every adapter it only translates:
 * typed numbers ("1", "a", "số 2") go to the Conversation as text, which maps them to the choices it sent.
 */
export class ConsoleChannel {
  private readonly c;

  constructor(private readonly options: ConsoleChannelOptions) {
    this.c = ansi(options.color ?? false);
  }

  /** The Inbound for one typed line. */
  toInbound(line: string): Inbound {
    return {
      channel: 'console',
      chatId: this.options.userId,
      userId: this.options.userId,
      userName: this.options.userName,
      text: line,
      kind: 'text',
    };
  }

  /** How one reply looks in the terminal: "🤖 " then the text, continuation lines indented. */
  render(reply: Outbound): string {
    const lines = renderChoicesAsText(reply).split('\n');
    const body = lines.map((l, i) => (i === 0 ? `🤖 ${l}` : l ? `   ${l}` : '')).join('\n');
    return `${this.c.bot(body)}\n`;
  }

  /** Reads lines until end of input or an exit word; resolves when the session ends. */
  async run(): Promise<void> {
    const { input, output } = this.options;
    const rl = createInterface({ input, terminal: false, crlfDelay: Infinity });
    // Take the iterator now: it buffers lines that arrive while the first message is being answered.
    const lines = rl[Symbol.asyncIterator]();
    const prompt = () => output.write(this.c.you('\nBạn › '));
    if (this.options.firstMessage) await this.exchange(this.options.firstMessage, true);
    prompt();
    for await (const raw of { [Symbol.asyncIterator]: () => lines }) {
      const line = raw.replace(/\r$/, '');
      if (this.options.echo) output.write(`${line}\n`);
      if (EXIT_WORDS.has(line.trim().toLowerCase())) break;
      if (line.trim()) {
        output.write('\n');
        await this.exchange(line, false);
      }
      prompt();
    }
    rl.close();
    output.write(this.c.dim('\nTạm biệt! Hẹn gặp lại.\n'));
  }

  private async exchange(line: string, shown: boolean): Promise<void> {
    const { output } = this.options;
    if (shown) output.write(this.c.you(`Bạn › ${line}`) + '\n\n');
    const replies = await this.options.handler.handle(this.toInbound(line));
    output.write(replies.map((r) => this.render(r)).join('\n'));
  }
}

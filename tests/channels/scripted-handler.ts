import { parseChoiceInput } from '../../src/core/choices.js';
import type { Choice, Inbound, MessageHandler, Outbound } from '../../src/core/types.js';

/**
 * A small, explicit MessageHandler TEST DOUBLE for adapter tests (not the real Conversation): it
 * records every Inbound and answers from a fixed script, reading typed numbers back into the last
 * choices with the core's real `parseChoiceInput` (as the Conversation does for Zalo).
 *
 * Script: `/start [code]` → greeting with two choices; choice "learn" → a long lesson (several
 * paragraphs, longer than both platforms' limits); choice "help" → one line; unsupported → "text
 * only"; `slow:<ms> <text>` → waits, then echoes; `boom` → throws; anything else → echo.
 */
export const LESSON_PARAGRAPHS = Array.from(
  { length: 14 },
  (_, i) => `Đoạn ${i + 1}. ${'VNeID giúp bạn chứng minh danh tính trên mạng một cách an toàn. '.repeat(6).trim()}`,
);
export const LESSON_TEXT = LESSON_PARAGRAPHS.join('\n\n');

export const START_CHOICES: Choice[] = [
  { label: '📖 Học bài', action: 'learn' },
  { label: '❓ Hướng dẫn', action: 'help' },
];

export class ScriptedHandler implements MessageHandler {
  readonly received: Inbound[] = [];
  private readonly lastChoices = new Map<string, Choice[]>();

  async handle(inbound: Inbound): Promise<Outbound[]> {
    this.received.push(inbound);
    const key = `${inbound.channel}:${inbound.chatId}`;
    let action = inbound.kind === 'action' ? inbound.action : undefined;
    const text = inbound.text ?? '';
    if (!action && inbound.kind === 'text') {
      const choices = this.lastChoices.get(key) ?? [];
      const picked = parseChoiceInput(text, choices.length);
      if (picked && 'index' in picked) action = choices[picked.index]?.action;
    }
    if (inbound.kind === 'unsupported') return [{ text: 'Tôi chỉ đọc được chữ.' }];
    if (inbound.kind === 'image') {
      const bytes = await inbound.image?.load(64 * 1024).catch((e: Error) => e);
      if (bytes instanceof Error) return [{ text: `Ảnh lỗi: ${bytes.name}` }];
      return [{ text: `Ảnh ${bytes?.byteLength ?? 0} byte, bắt đầu ${Buffer.from(bytes ?? []).subarray(0, 4).toString('hex')}; chú thích: ${text}` }];
    }
    if (action === 'learn') return [{ text: LESSON_TEXT }];
    if (action === 'help') return [{ text: 'Gõ câu hỏi bất cứ lúc nào.' }];
    const start = /^\/start(?:\s+(\S+))?$/.exec(text);
    if (start) {
      const reply = { text: `Xin chào ${inbound.userName ?? 'bạn'}!${start[1] ? ` Xã của bạn: ${start[1]}.` : ''}`, choices: START_CHOICES };
      this.lastChoices.set(key, START_CHOICES);
      return [reply];
    }
    const slow = /^slow:(\d+) (.*)$/.exec(text);
    if (slow) {
      await new Promise((r) => setTimeout(r, Number(slow[1])));
      return [{ text: `Đã nghĩ xong: ${slow[2]}` }];
    }
    if (text === 'boom') throw new Error('handler exploded');
    return [{ text: `Bạn nói: ${text}` }];
  }
}

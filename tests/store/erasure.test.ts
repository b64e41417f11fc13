import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReplySender } from '../../src/channels/contract.js';
import { Dispatcher } from '../../src/channels/dispatcher.js';
import type { Inbound, Outbound } from '../../src/core/types.js';
import { KeyedQueue } from '../../src/lib/keyed-queue.js';
import { silentLogger } from '../../src/lib/logger.js';
import { checkpoint } from '../../src/store/database.js';
import { IntakeRepository } from '../../src/store/intake-repository.js';
import { Harness } from '../core/harness.js';

/**
 * /xoadulieu and handled updates, read back from the bytes on disk: after the deletion and the
 * service's checkpoint, neither the database file nor its WAL holds the person's name, ids, chat key or
 * what they typed (secure_delete zeroes freed space; handled intake rows keep no chat key or text).
 */
const NAME = 'Nguyễn Thị Độc Nhất Vô Nhị';
const USER = 'u987654321';
const CHAT = 'c987654321';
const TYPED = 'xa Mau Mot ZQXJ-unique-text';

class Sink implements ReplySender {
  readonly channel = 'telegram' as const;
  readonly texts: string[] = [];
  async send(_chatId: string, reply: Outbound): Promise<void> {
    this.texts.push(reply.text);
  }
}

function onDisk(path: string): Buffer {
  return Buffer.concat([readFileSync(path), existsSync(path + '-wal') ? readFileSync(path + '-wal') : Buffer.alloc(0)]);
}

describe('erasure on disk', () => {
  let h: Harness;
  beforeEach(() => {
    h = new Harness();
  });
  afterEach(() => h.close());

  it('/xoadulieu leaves no trace of the person in the database file or its WAL', async () => {
    const intake = new IntakeRepository(h.db);
    const d = new Dispatcher({ intake, handler: h.conversation, queue: new KeyedQueue(), logger: silentLogger });
    const sink = new Sink();
    d.register(sink);
    let n = 0;
    const say = async (text: string) => {
      const m: Inbound = { channel: 'telegram', chatId: CHAT, userId: USER, userName: NAME, text, kind: 'text' };
      await (await d.accept(`telegram:1:${++n}`, m)).done;
    };
    await say('/start');
    await say(TYPED);
    await say('học');
    expect(onDisk(h.dbPath).includes(Buffer.from(NAME))).toBe(true); // stored while they are a learner
    await say('/xoadulieu');
    await say('có');
    expect(sink.texts.join('\n')).toMatch(/Đã xoá/i);
    expect(h.learners.find('telegram', USER)).toBeUndefined();
    expect(h.db.prepare(`SELECT count(*) AS n FROM intake WHERE chat_key <> '' OR inbound IS NOT NULL`).get()).toEqual({ n: 0 });

    expect(checkpoint(h.db)).toBe(true);
    const bytes = onDisk(h.dbPath);
    for (const trace of [NAME, USER, CHAT, TYPED, `telegram:${CHAT}`]) expect(bytes.includes(Buffer.from(trace)), trace).toBe(false);
    await d.close();
  });
});

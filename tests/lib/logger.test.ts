import { describe, expect, it } from 'vitest';
import { createLogger, LogThrottle, redact } from '../../src/lib/logger.js';

describe('logger', () => {
  it('keeps every line valid JSON while redacting tokens (the "webhook registered" line)', () => {
    const lines: string[] = [];
    const log = createLogger('debug', { channel: 'telegram' }, (l) => lines.push(l), new LogThrottle());
    log.info('telegram webhook registered', { bot: 'hoc_vu_so_bot', path: '/webhooks/telegram' });
    log.error('call failed', { err: new Error('POST https://api.telegram.org/bot123456:AAbbCCddEEffGGhhIIjjKKllMMnn/sendMessage failed'), url: 'https://x/bot987654:ZZyyXXwwVVuuTTssRRqqPPoo/getMe' });
    log.warn('odd "quotes": and bot words', { note: 'robot: yes', list: ['12345678:abcdefghijklmnopqrstuvwxyz'] });
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed[0]).toMatchObject({ msg: 'telegram webhook registered', bot: 'hoc_vu_so_bot', path: '/webhooks/telegram', channel: 'telegram' });
    expect(parsed[1]).toMatchObject({ err: { name: 'Error', message: 'POST https://api.telegram.org/bot***/sendMessage failed' }, url: 'https://x/bot***/getMe' });
    expect(parsed[2]).toMatchObject({ msg: 'odd "quotes": and bot words', note: 'robot: yes', list: ['***'] });
    expect(lines.join('\n')).not.toMatch(/AAbbCC|ZZyyXX|abcdefghij/);
  });

  it('redacts bot tokens in plain text', () => {
    expect(redact('GET /bot123:abc-DEF_ghi/getUpdates')).toBe('GET /bot***/getUpdates');
    expect(redact('token 1234567:abcdefghijklmnopqrstuvwxyz0123 here')).toBe('token *** here');
  });

  it('writes at most 10 lines of the same warning a minute, counts the rest and says so in the next line', () => {
    let now = 0;
    const throttle = new LogThrottle(10, 60_000, () => now);
    const lines: string[] = [];
    const log = createLogger('info', {}, (l) => lines.push(l), throttle);
    for (let i = 0; i < 1000; i++) log.warn('webhook rejected: wrong or missing secret', { channel: 'telegram' });
    log.warn('another warning');
    expect(lines).toHaveLength(11);
    expect(throttle.suppressedSeries()).toEqual([[{ level: 'warn', msg: 'webhook rejected: wrong or missing secret' }, 990]]);
    now = 61_000;
    log.warn('webhook rejected: wrong or missing secret', { channel: 'telegram' });
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ msg: 'webhook rejected: wrong or missing secret', suppressed: 990 });
    // Info lines are never left out.
    for (let i = 0; i < 50; i++) log.info('listening');
    expect(lines).toHaveLength(62);
  });
});

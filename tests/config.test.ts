import { describe, expect, it } from 'vitest';
import { ConfigError, hasLlm, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has embedded defaults for everything', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATABASE_PATH: './data/app.db', CONTENT_DIR: './content', LOG_LEVEL: 'info' });
    expect(hasLlm(c)).toBe(false);
  });

  it('names each bad variable and what it expects, hiding secrets', () => {
    try {
      loadConfig({ PORT: 'abc', TELEGRAM_WEBHOOK_URL: 'not a url', ZALO_WEBHOOK_SECRET: 'short', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as ConfigError).message;
      expect(msg).toMatch(/PORT: phải là số nguyên từ 0 đến 65535/);
      expect(msg).toMatch(/TELEGRAM_WEBHOOK_URL: phải là một URL/);
      expect(msg).toMatch(/ZALO_WEBHOOK_SECRET: phải dài 8–256 ký tự.*\(đang là \*\*\*\)/);
      expect(msg).not.toContain('short');
      expect(msg).toMatch(/LOG_LEVEL/);
    }
  });

  it('treats empty strings as unset', () => {
    const c = loadConfig({ TELEGRAM_BOT_TOKEN: '', OPENAI_BASE_URL: '' });
    expect(c.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(c.OPENAI_BASE_URL).toBeUndefined();
  });
});

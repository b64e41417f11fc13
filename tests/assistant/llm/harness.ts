import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAssistant, type AssistantDeps, type ClosableAssistant } from '../../../src/assistant/create.js';
import { loadConfig, type Config } from '../../../src/config.js';
import type { Curriculum } from '../../../src/content/loader.js';
import type { Lesson } from '../../../src/content/schema.js';
import { createLogger, type Logger } from '../../../src/lib/logger.js';
import { openDatabase, type Db } from '../../../src/store/database.js';
import { FakeOpenAiServer } from '../../fakes/openai-server.js';

/** A small, stable curriculum for the LLM tests (not real content). */
export function fixtureCurriculum(version = 'v1'): Curriculum {
  const lesson = (id: string, topic: Lesson['topic'], title: string, url: string, sections: [string, string][]): Lesson => ({
    id,
    topic,
    title,
    summary: title,
    level: 'co-ban',
    sources: [{ title: 'Nguồn', url }],
    audience: 'citizen',
    updated: '2026-01-01',
    file: `fixture/${id}.md`,
    sections: sections.map(([heading, text]) => ({ heading, text, asks: [] })),
    quiz: [],
  });
  return {
    version,
    topics: [
      { id: 'vneid', title: 'Dùng ứng dụng VNeID', description: 'VNeID' },
      { id: 'thanh-toan', title: 'Thanh toán không dùng tiền mặt', description: 'QR' },
      { id: 'lua-dao', title: 'Phòng tránh lừa đảo', description: 'Lừa đảo' },
    ] as Curriculum['topics'],
    lessons: [
      lesson('vneid-kich-hoat', 'vneid', 'Kích hoạt tài khoản VNeID mức 2', 'https://example.gov.vn/vneid-kich-hoat', [
        ['Tài khoản mức 2 là gì?', 'Tài khoản định danh điện tử mức 2 có đầy đủ thông tin căn cước và ảnh chân dung. Người dân đăng ký tại công an xã, phường khi làm căn cước.'],
        ['Các bước kích hoạt tài khoản', '1. Tải ứng dụng VNeID từ App Store hoặc CH Play.\n2. Nhập số định danh cá nhân và số điện thoại đã đăng ký.\n3. Nhập mã kích hoạt gửi qua tin nhắn.\n4. Đặt mật khẩu và mã bảo vệ.'],
        ['Quên mật khẩu VNeID', 'Chọn Quên mật khẩu trên màn hình đăng nhập VNeID, nhập số định danh và số điện thoại, rồi làm theo hướng dẫn để đặt lại mật khẩu.'],
      ]),
      lesson('vneid-vi-giay-to', 'vneid', 'Ví giấy tờ trên VNeID', 'https://example.gov.vn/vi-giay-to', [
        ['Tích hợp giấy tờ', 'Trong mục Ví giấy tờ của VNeID, bạn có thể tích hợp giấy phép lái xe và thẻ bảo hiểm y tế để dùng thay bản giấy.'],
      ]),
      lesson('qr-chuyen-tien', 'thanh-toan', 'Chuyển tiền bằng mã QR', 'https://example.gov.vn/qr', [
        ['Quét mã QR để chuyển tiền', 'Mở ứng dụng ngân hàng, chọn Quét QR, đưa camera vào mã VietQR. Kiểm tra tên người nhận trước khi xác nhận chuyển tiền.'],
        ['Chuyển nhầm tiền thì làm gì', 'Liên hệ ngay ngân hàng của bạn qua tổng đài để yêu cầu tra soát giao dịch. Không chuyển thêm tiền cho người lạ hứa trả lại.'],
      ]),
      lesson('gia-danh-cong-an', 'lua-dao', 'Cuộc gọi giả danh công an', 'https://example.gov.vn/gia-danh', [
        ['Dấu hiệu lừa đảo', 'Công an không bao giờ gọi điện yêu cầu chuyển tiền hay đọc mã OTP. Kẻ gian thường dọa bạn liên quan đến một vụ án.'],
        ['Việc cần làm ngay', 'Cúp máy, không chuyển tiền, báo ngay cho công an xã hoặc gọi số 113.'],
      ]),
    ],
  };
}

export interface Harness {
  fake: FakeOpenAiServer;
  dir: string;
  dbPath: string;
  db: Db;
  clock: { now: Date };
  logs: string[];
  logger: Logger;
  config(env?: Record<string, string>): Config;
  assistant(env?: Record<string, string>, deps?: Partial<AssistantDeps>, curriculum?: Curriculum): Promise<ClosableAssistant>;
  close(): Promise<void>;
}

export const API_KEY = 'sk-test-key-0123456789';

/** A fake model server, a temp SQLite file, a settable clock and a log sink. */
export async function startHarness(): Promise<Harness> {
  const fake = await FakeOpenAiServer.start({ apiKey: API_KEY });
  const dir = mkdtempSync(join(tmpdir(), 'llm-'));
  const dbPath = join(dir, 'app.db');
  const db = openDatabase(dbPath);
  const clock = { now: new Date('2026-03-10T03:00:00Z') };
  const logs: string[] = [];
  const logger = createLogger('debug', {}, (line) => logs.push(line));
  const opened: ClosableAssistant[] = [];
  const config = (env: Record<string, string> = {}) =>
    loadConfig({
      OPENAI_API_KEY: API_KEY,
      OPENAI_BASE_URL: fake.url,
      OPENAI_MODEL: 'fake-model',
      PROMPTS_DIR: 'prompts',
      DATABASE_PATH: dbPath,
      LLM_TIMEOUT_MS: '5000',
      ...env,
    });
  return {
    fake,
    dir,
    dbPath,
    db,
    clock,
    logs,
    logger,
    config,
    async assistant(env = {}, deps: Partial<AssistantDeps> = {}, curriculum = fixtureCurriculum()) {
      const a = await createAssistant(config(env), curriculum, { db, logger, now: () => clock.now, ...deps });
      opened.push(a);
      return a;
    },
    async close() {
      for (const a of opened) await a.close?.();
      await fake.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

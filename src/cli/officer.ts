import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, loadDotEnv } from '../config.js';
import type { ChannelId } from '../core/types.js';
import { loadCommunes } from '../learning/communes-loader.js';
import { OfficerInputError, OfficerService } from '../officers/officer-service.js';
import type { Officer, OfficerRole } from '../officers/types.js';
import { AuditRepository } from '../store/audit-repository.js';
import { openDatabase } from '../store/database.js';
import { OfficerRepository } from '../store/officer-repository.js';

const USAGE = `Cách dùng:
  npm run cli -- officer add --channel telegram|zalo --user ID --role officer --commune MÃ[,MÃ…] [--name TÊN]
  npm run cli -- officer add --channel telegram|zalo --user ID --role admin
  npm run cli -- officer remove --channel telegram|zalo --user ID
  npm run cli -- officer list
  npm run cli -- officer invite --role officer --commune MÃ[,MÃ…] [--days 7]
Mã xã/phường lấy trong content/communes.yaml. Người được mời gửi mã mời (CB-…) cho bot để nhận quyền.`;

const CHANNELS: ChannelId[] = ['telegram', 'zalo', 'web', 'console'];

function describe(o: Officer): string {
  const where = o.role === 'admin' ? 'toàn tỉnh' : o.communes.join(', ');
  return `${o.channel}:${o.platformUserId}\t${o.role === 'admin' ? 'quản trị' : 'cán bộ'}\t${where}${o.displayName ? `\t${o.displayName}` : ''}`;
}

/** `officer add|remove|list|invite`: who may announce and see reports. Every change is audited as "cli". */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        channel: { type: 'string' },
        user: { type: 'string' },
        role: { type: 'string' },
        commune: { type: 'string' },
        name: { type: 'string' },
        days: { type: 'string' },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!sub || !['add', 'remove', 'list', 'invite'].includes(sub)) {
    console.error(USAGE);
    return sub ? 2 : 0;
  }
  const channel = values.channel as ChannelId | undefined;
  if ((sub === 'add' || sub === 'remove') && (!channel || !CHANNELS.includes(channel) || !values.user)) {
    console.error(`Cần --channel (${CHANNELS.join('|')}) và --user (mã người dùng trên nền tảng).\n${USAGE}`);
    return 2;
  }
  const role = (values.role ?? 'officer') as OfficerRole;
  if (role !== 'admin' && role !== 'officer') {
    console.error(`--role phải là officer hoặc admin.\n${USAGE}`);
    return 2;
  }
  const communes = (values.commune ?? '').split(',').map((c) => c.trim()).filter(Boolean);

  loadDotEnv();
  const config = loadConfig();
  const codes = new Set(loadCommunes(join(config.CONTENT_DIR, 'communes.yaml')).communes.map((c) => c.code));
  const db = openDatabase(config.DATABASE_PATH);
  try {
    const service = new OfficerService(new OfficerRepository(db), new AuditRepository(db), codes);
    switch (sub) {
      case 'list': {
        const all = service.list();
        console.log(all.length ? all.map(describe).join('\n') : 'Chưa có cán bộ nào.');
        return 0;
      }
      case 'add': {
        const o = service.grant('cli', { channel: channel!, platformUserId: values.user!, role, communes, displayName: values.name });
        console.log(`Đã cấp quyền: ${describe(o)}`);
        return 0;
      }
      case 'remove': {
        const removed = service.revoke('cli', channel!, values.user!);
        console.log(removed ? 'Đã thu hồi quyền.' : 'Người này không có quyền cán bộ.');
        return removed ? 0 : 1;
      }
      default: {
        const days = values.days === undefined ? undefined : Number(values.days);
        if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 90)) {
          console.error('--days phải là số ngày từ 1 đến 90.');
          return 2;
        }
        const { code, expiresAt } = service.createInvite('cli', role, communes, days);
        console.log(`Mã mời: ${code}\nHạn dùng: ${expiresAt.slice(0, 16).replace('T', ' ')} (giờ UTC), dùng một lần.\nNgười được mời gửi mã này cho bot để nhận quyền.`);
        return 0;
      }
    }
  } catch (e) {
    if (e instanceof OfficerInputError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  } finally {
    db.close();
  }
}

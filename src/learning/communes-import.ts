import { parse as parseYaml, stringify } from 'yaml';
import { assignInviteCodes, type CodedUnit } from './commune-codes.js';

/**
 * Turns a province's list of xã/phường (a TSV file: `code<TAB>name`, one unit a line, `#` comments and a
 * header line allowed; the code column optional) into `content/communes.yaml`, with an invitation code
 * derived from each name. Used by `npm run communes:import -- FILE.tsv`.
 */

export interface ImportedUnit extends CodedUnit {
  /** 1-based line in the TSV, for messages. */
  line: number;
}

export interface ParsedTsv {
  units: ImportedUnit[];
  /** The file's `#` comment lines, without the `#` (kept as provenance in the YAML). */
  comments: string[];
  problems: string[];
}

const HEADER = /^(code|ma|mã)\t(name|ten|tên)$/i;
const ADMIN_CODE = /^\d{5}$/;

export function parseCommunesTsv(text: string): ParsedTsv {
  const units: ImportedUnit[] = [];
  const comments: string[] = [];
  const problems: string[] = [];
  const names = new Map<string, number>();
  const codes = new Map<string, number>();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = i + 1;
      const s = raw.normalize('NFC').trim();
      if (!s) return;
      if (s.startsWith('#')) {
        comments.push(s.replace(/^#\s?/, ''));
        return;
      }
      if (HEADER.test(s)) return;
      const cols = raw.normalize('NFC').split('\t').map((c) => c.trim().replace(/\s+/g, ' '));
      const [adminCode, name] = cols.length >= 2 ? [cols[0] ?? '', cols[1] ?? ''] : ['', cols[0] ?? ''];
      if (!name) {
        problems.push(`dòng ${line}: thiếu tên xã/phường`);
        return;
      }
      if (name.length > 80) problems.push(`dòng ${line}: tên dài quá 80 ký tự`);
      if (adminCode && !ADMIN_CODE.test(adminCode)) {
        problems.push(`dòng ${line}: mã đơn vị hành chính phải gồm 5 chữ số (đang là "${adminCode}")`);
      }
      const seenName = names.get(name.toLowerCase());
      if (seenName) problems.push(`dòng ${line}: tên "${name}" trùng với dòng ${seenName}`);
      names.set(name.toLowerCase(), line);
      if (adminCode) {
        const seenCode = codes.get(adminCode);
        if (seenCode) problems.push(`dòng ${line}: mã ${adminCode} trùng với dòng ${seenCode}`);
        codes.set(adminCode, line);
      }
      units.push({ name, adminCode: adminCode || undefined, line });
    });
  if (!units.length && !problems.length) problems.push('tệp không có xã/phường nào');
  return { units, comments, problems };
}

/**
 * The invitation codes already in an existing communes YAML, keyed by administrative code (or by name
 * when a unit has none), so a re-import keeps the codes printed on posters.
 */
export function existingCodes(yamlText: string): Map<string, string> {
  const out = new Map<string, string>();
  let data: unknown;
  try {
    data = parseYaml(yamlText);
  } catch {
    return out;
  }
  const list = (data as { communes?: unknown } | null)?.communes;
  if (!Array.isArray(list)) return out;
  for (const c of list as Record<string, unknown>[]) {
    const code = typeof c?.code === 'string' ? c.code : undefined;
    const admin = c?.admin_code === undefined ? undefined : String(c.admin_code);
    const name = typeof c?.name === 'string' ? c.name : undefined;
    if (code && (admin ?? name)) out.set(admin ?? name ?? '', code);
  }
  return out;
}

/** The YAML text of content/communes.yaml for these units. */
export function communesYaml(units: readonly CodedUnit[], options: { comments?: string[]; keep?: ReadonlyMap<string, string> } = {}): string {
  const codes = assignInviteCodes(units, options.keep);
  const count = (re: RegExp) => units.filter((u) => re.test(u.name)).length;
  const phuong = count(/^phường\s/i);
  const xa = count(/^xã\s/i);
  const other = units.length - phuong - xa;
  const kinds = [`${phuong} phường`, `${xa} xã`, ...(other ? [`${other} đơn vị khác`] : [])].join(', ');
  const header = [
    `Danh sách ${units.length} đơn vị cấp xã (${kinds}) của tỉnh triển khai.`,
    'Tạo bằng lệnh: npm run communes:import -- TỆP.tsv (xem README, phần "Danh sách xã/phường").',
    'code: mã mời, dùng trong đường link mời /start <code> và mã QR — đã in ra thì đừng đổi;',
    'name: tên chính thức; admin_code: mã đơn vị hành chính (5 chữ số).',
    ...(options.comments?.length ? ['', 'Nguồn (ghi chú trong tệp gốc):', ...options.comments] : []),
  ];
  const body = stringify(
    {
      communes: units.map((u, i) => ({
        code: codes[i],
        name: u.name,
        ...(u.adminCode ? { admin_code: u.adminCode } : {}),
      })),
    },
    { lineWidth: 0 },
  );
  return `${header.map((l) => (l ? `# ${l}` : '#')).join('\n')}\n${body}`;
}

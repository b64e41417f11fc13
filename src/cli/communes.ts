import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, loadDotEnv } from '../config.js';
import { CommunesFileError, loadCommunes } from '../learning/communes-loader.js';
import { communesYaml, existingCodes, parseCommunesTsv } from '../learning/communes-import.js';

const USAGE = `Cách dùng: npm run communes:import -- TỆP.tsv [--out content/communes.yaml] [--dry-run]
  TỆP.tsv      danh sách xã/phường của tỉnh: mỗi dòng "mã<TAB>tên" (mã đơn vị hành chính 5 số, có thể bỏ trống),
               dòng bắt đầu bằng # là ghi chú, dòng tiêu đề "code<TAB>name" được bỏ qua
  --out F      tệp YAML ghi ra (mặc định: CONTENT_DIR/communes.yaml)
  --dry-run    chỉ in ra, không ghi tệp
Mã mời (dùng trong đường link /start <mã>) được tạo từ tên, không dấu; mã đã có trong tệp cũ được giữ nguyên.`;

/** `communes import FILE.tsv`: writes content/communes.yaml from a province's TSV list. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const [sub, file] = positionals;
  if (values.help || sub !== 'import' || !file) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  let out = values.out;
  if (!out) {
    loadDotEnv();
    out = join(loadConfig().CONTENT_DIR, 'communes.yaml');
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    console.error(`Không đọc được ${file}: ${(e as Error).message}`);
    return 1;
  }
  const parsed = parseCommunesTsv(text);
  if (parsed.problems.length) {
    for (const p of parsed.problems) console.error(`${file}: ${p}`);
    return 1;
  }
  const keep = existsSync(out) ? existingCodes(readFileSync(out, 'utf8')) : new Map<string, string>();
  const yaml = communesYaml(parsed.units, { comments: parsed.comments, keep });
  if (values['dry-run']) {
    process.stdout.write(yaml);
    return 0;
  }
  writeFileSync(out, yaml);
  try {
    const list = loadCommunes(out);
    console.log(`Đã ghi ${out}: ${list.communes.length} xã/phường.`);
  } catch (e) {
    if (e instanceof CommunesFileError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  return 0;
}

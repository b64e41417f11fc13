import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Commune } from './communes.js';

/**
 * content/communes.yaml: the deploying province's list (`npm run communes:import` writes it from a TSV);
 * `sample: true` marks a placeholder list. `admin_code` is the unit's 5-digit administrative code.
 */
const communesFileSchema = z.object({
  sample: z.boolean().optional().default(false),
  communes: z
    .array(
      z.object({
        code: z.union([z.string(), z.number()]).transform((v) => String(v).trim()).pipe(
          z.string().min(1, { message: 'code không được để trống' }).max(40, { message: 'code dài quá 40 ký tự' }).regex(/^[A-Za-z0-9_-]+$/, {
            message: 'code chỉ gồm chữ không dấu, số, _ và - (dùng trong đường link mời)',
          }),
        ),
        name: z.string().trim().min(1, { message: 'name không được để trống' }).max(80),
        admin_code: z
          .union([z.string(), z.number()])
          .transform((v) => String(v).trim().padStart(5, '0'))
          .pipe(z.string().regex(/^\d{5}$/, { message: 'admin_code là mã đơn vị hành chính, gồm 5 chữ số' }))
          .optional(),
      }),
      { message: 'communes phải là danh sách {code, name}' },
    )
    .nullish()
    .transform((v) => v ?? []),
});

export interface CommuneList {
  communes: Commune[];
  /** True for the shipped sample list (placeholder names). */
  sample: boolean;
}

/** The communes file is present but invalid; `problems` name the field and the fix. */
export class CommunesFileError extends Error {
  override readonly name = 'CommunesFileError';
  constructor(
    readonly path: string,
    readonly problems: string[],
  ) {
    super(`${path}: ${problems.join('; ')}`);
  }
}

/**
 * Reads and validates the communes file. A missing file is an empty list (names are then taken as typed);
 * an invalid one throws {@link CommunesFileError} naming the problem. Duplicate codes are rejected.
 */
export function loadCommunes(path: string): CommuneList {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { communes: [], sample: false };
    throw e;
  }
  let data: unknown;
  try {
    data = parseYaml(raw) ?? {};
  } catch (e) {
    throw new CommunesFileError(path, [`không đọc được YAML: ${(e as Error).message.split('\n')[0]}`]);
  }
  const parsed = communesFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new CommunesFileError(
      path,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(tệp)'}: ${i.message}`),
    );
  }
  // Codes and administrative codes share one namespace: `/start <code>` accepts either.
  const seen = new Set<string>();
  const dupes: string[] = [];
  for (const c of parsed.data.communes) {
    for (const [field, value] of [['code', c.code], ['admin_code', c.admin_code]] as const) {
      if (value === undefined) continue;
      const k = value.toLowerCase();
      if (seen.has(k)) dupes.push(`${field} "${value}" bị trùng`);
      seen.add(k);
    }
  }
  if (dupes.length) throw new CommunesFileError(path, dupes);
  return {
    communes: parsed.data.communes.map((c) => (c.admin_code ? { code: c.code, name: c.name, adminCode: c.admin_code } : { code: c.code, name: c.name })),
    sample: parsed.data.sample,
  };
}

/**
 * HTML for the dashboard, built by typed template functions: every interpolated value is escaped unless
 * it is already {@link Html} (the output of `html` or {@link raw}). Arrays are joined. This keeps every
 * page's variables checked by the compiler, and escaping is the default rather than something to remember.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export type Interpolation = Html | string | number | boolean | null | undefined | readonly Interpolation[];

function render(v: Interpolation): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Trusted markup (SVG built here, never user text). */
export function raw(s: string): Html {
  return new Html(s);
}

/** A count as Vietnamese readers write it ("12.345"). */
export const fmt = (n: number): string => n.toLocaleString('vi-VN');

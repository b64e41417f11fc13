import { escapeHtml, raw, type Html } from './html.js';

/**
 * Charts drawn on the server as inline SVG (no script, no CDN): they render on any phone and in print.
 * Each has a <title> and a text table nearby on the page, for screen readers.
 */
export interface Series {
  name: string;
  color: string;
  values: number[];
}

function niceMax(v: number): number {
  if (v <= 5) return 5;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= v) ?? v;
}

/** Lines over weeks (new and active learners). `labels` under the x axis (dd/mm). */
export function lineChart(title: string, labels: string[], series: Series[]): Html {
  // Narrow enough that the labels stay readable when a phone scales the drawing down.
  const w = 420;
  const h = 240;
  const left = 36;
  const right = 24;
  const top = 30;
  const bottom = 40;
  const max = niceMax(Math.max(1, ...series.flatMap((s) => s.values)));
  const n = Math.max(1, labels.length - 1);
  const x = (i: number) => left + ((w - left - right) * i) / n;
  const y = (v: number) => top + (h - top - bottom) * (1 - v / max);
  const parts: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    parts.push(`<line x1="${left}" x2="${w - right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 4}" y="${y(v) + 4}" text-anchor="end" font-size="13">${Math.round(v)}</text>`);
  }
  labels.forEach((l, i) => {
    if (labels.length > 6 && (labels.length - 1 - i) % 3 !== 0) return;
    parts.push(`<text x="${x(i)}" y="${h - bottom + 16}" text-anchor="middle" font-size="13">${escapeHtml(l)}</text>`);
  });
  series.forEach((s, si) => {
    const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="3" points="${pts}"/>`);
    s.values.forEach((v, i) => parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5" fill="${s.color}"><title>${escapeHtml(`${s.name} ${labels[i] ?? ''}: ${v}`)}</title></circle>`));
    parts.push(`<rect x="${left + si * 190}" y="6" width="14" height="14" fill="${s.color}"/><text x="${left + si * 190 + 20}" y="18" font-size="14">${escapeHtml(s.name)}</text>`);
  });
  return raw(
    `<svg class="chart" viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title>${parts.join('')}</svg>`,
  );
}

/** Horizontal bars, one per label, values in percent (0–100). */
export function barChart(title: string, bars: { label: string; value: number }[], unit = '%', color = '#0b4f8a'): Html {
  const rowH = 30;
  const w = 420;
  const labelW = 150;
  const h = 20 + rowH * Math.max(1, bars.length);
  const max = unit === '%' ? 100 : niceMax(Math.max(1, ...bars.map((b) => b.value)));
  const parts = bars.map((b, i) => {
    const y = 10 + i * rowH;
    const bw = ((w - labelW - 56) * Math.max(0, b.value)) / max;
    const label = b.label.length > 20 ? b.label.slice(0, 19) + '…' : b.label;
    return (
      `<text x="${labelW - 6}" y="${y + 17}" text-anchor="end" font-size="14">${escapeHtml(label)}</text>` +
      `<rect x="${labelW}" y="${y + 3}" width="${bw.toFixed(1)}" height="${rowH - 8}" fill="${color}"><title>${escapeHtml(`${b.label}: ${b.value}${unit}`)}</title></rect>` +
      `<text x="${(labelW + bw + 6).toFixed(1)}" y="${y + 17}" font-size="14">${b.value}${escapeHtml(unit)}</text>`
    );
  });
  return raw(
    `<svg class="chart" viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title>${parts.join('')}</svg>`,
  );
}

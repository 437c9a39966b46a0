/**
 * Draws bench (j) as bench/claim-scaling.svg: claim latency (p50, p95) and claim+complete
 * throughput against the number of users with pending work (log scale). Plain SVG, no
 * dependency; bench/README.md shows the file.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR } from './results';

export interface ClaimScalingPoint {
  users: number;
  p50Ms: number;
  p95Ms: number;
  jobsPerSecond: number;
}

export const CLAIM_CHART_PATH = path.join(BENCH_DIR, 'claim-scaling.svg');

const PANEL = { width: 380, height: 240, left: 56, right: 30, top: 36, bottom: 44 };

interface Series {
  label: string;
  colour: string;
  values: number[];
  dashed?: boolean;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(v));
  return Math.ceil(v / step) * step;
}

function panel(x0: number, title: string, users: number[], series: Series[], yUnit: string, targetLine?: { value: number; label: string }): string {
  const w = PANEL.width - PANEL.left - PANEL.right;
  const h = PANEL.height - PANEL.top - PANEL.bottom;
  const maxY = niceMax(Math.max(...series.flatMap((s) => s.values), targetLine?.value ?? 0) * 1.1);
  const logMin = Math.log10(Math.min(...users));
  const logMax = Math.log10(Math.max(...users));
  const x = (u: number) => x0 + PANEL.left + (logMax === logMin ? w / 2 : ((Math.log10(u) - logMin) / (logMax - logMin)) * w);
  const y = (v: number) => PANEL.top + h - (v / maxY) * h;
  const parts: string[] = [];
  parts.push(`<text x="${x0 + PANEL.left}" y="20" font-size="13" font-weight="bold">${escapeXml(title)}</text>`);
  parts.push(`<line x1="${x0 + PANEL.left}" y1="${PANEL.top + h}" x2="${x0 + PANEL.left + w}" y2="${PANEL.top + h}" stroke="#444"/>`);
  parts.push(`<line x1="${x0 + PANEL.left}" y1="${PANEL.top}" x2="${x0 + PANEL.left}" y2="${PANEL.top + h}" stroke="#444"/>`);
  for (let i = 0; i <= 4; i++) {
    const v = (maxY / 4) * i;
    parts.push(`<line x1="${x0 + PANEL.left}" y1="${y(v)}" x2="${x0 + PANEL.left + w}" y2="${y(v)}" stroke="#ddd"/>`);
    parts.push(`<text x="${x0 + PANEL.left - 6}" y="${y(v) + 4}" font-size="10" text-anchor="end">${Math.round(v).toLocaleString('en')}</text>`);
  }
  for (const u of users) {
    parts.push(`<text x="${x(u)}" y="${PANEL.top + h + 16}" font-size="10" text-anchor="middle">${u.toLocaleString('en')}</text>`);
  }
  parts.push(`<text x="${x0 + PANEL.left + w / 2}" y="${PANEL.height - 8}" font-size="11" text-anchor="middle">users with pending work (log scale)</text>`);
  parts.push(`<text x="${x0 + 14}" y="${PANEL.top + h / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 ${x0 + 14} ${PANEL.top + h / 2})">${yUnit}</text>`);
  if (targetLine) {
    parts.push(`<line x1="${x0 + PANEL.left}" y1="${y(targetLine.value)}" x2="${x0 + PANEL.left + w}" y2="${y(targetLine.value)}" stroke="#c00" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${x0 + PANEL.left + w - 2}" y="${y(targetLine.value) - 4}" font-size="10" fill="#c00" text-anchor="end">${escapeXml(targetLine.label)}</text>`);
  }
  series.forEach((s, k) => {
    const points = users.map((u, i) => `${x(u).toFixed(1)},${y(s.values[i]).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 3"' : ''}/>`);
    users.forEach((u, i) => parts.push(`<circle cx="${x(u).toFixed(1)}" cy="${y(s.values[i]).toFixed(1)}" r="3" fill="${s.colour}"/>`));
    parts.push(`<text x="${x0 + PANEL.left + 8}" y="${PANEL.top + 12 + k * 14}" font-size="11" fill="${s.colour}">${escapeXml(s.label)}</text>`);
  });
  return parts.join('\n');
}

export function renderClaimScalingChart(points: ClaimScalingPoint[]): string {
  const sorted = [...points].sort((a, b) => a.users - b.users);
  const users = sorted.map((p) => p.users);
  const width = PANEL.width * 2;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${PANEL.height}" viewBox="0 0 ${width} ${PANEL.height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    panel(
      0,
      'Claim of 25 (one claimer)',
      users,
      [
        { label: 'p95', colour: '#d95f02', values: sorted.map((p) => p.p95Ms) },
        { label: 'p50', colour: '#1b9e77', values: sorted.map((p) => p.p50Ms), dashed: true },
      ],
      'ms',
      { value: 20, label: 'target p95 < 20 ms' },
    ),
    panel(PANEL.width, 'Claim + complete, 4 claimers', users, [{ label: 'jobs/s', colour: '#7570b3', values: sorted.map((p) => p.jobsPerSecond) }], 'jobs per second'),
    '</svg>',
    '',
  ].join('\n');
}

/** The points of a bench (j) result's figures (to redraw the chart from bench/results). */
export function claimScalingPoints(figures: Record<string, unknown>): ClaimScalingPoint[] {
  return Object.entries(figures)
    .filter(([key]) => /^users\d+$/.test(key))
    .map(([key, v]) => ({ users: Number(key.slice(5)), ...(v as Omit<ClaimScalingPoint, 'users'>) }));
}

export function writeClaimScalingChart(points: ClaimScalingPoint[]): void {
  if (points.length === 0) return;
  writeFileSync(CLAIM_CHART_PATH, renderClaimScalingChart(points));
}

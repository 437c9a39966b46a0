/**
 * Appends a run to bench/results/<date>.json (an array of runs per day) and
 * rewrites the table between the markers in bench/README.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MachineDescription } from './machine';
import type { ScenarioResult } from './scenario';

export interface BenchRun {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  gitCommit: string | null;
  machine: MachineDescription;
  results: ScenarioResult[];
}

export const BENCH_DIR = path.resolve(import.meta.dirname, '..');
const RESULTS_DIR = path.join(BENCH_DIR, 'results');
const README = path.join(BENCH_DIR, 'README.md');
const TABLE_START = '<!-- bench-table:start -->';
const TABLE_END = '<!-- bench-table:end -->';

export function appendRun(run: BenchRun): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${run.startedAt.slice(0, 10)}.json`);
  const runs: BenchRun[] = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  runs.push(run);
  writeFileSync(file, JSON.stringify(runs, null, 2) + '\n');
  return file;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function verdict(r: ScenarioResult): string {
  if (r.status === 'not measured') return 'not measured';
  if (r.target.met === null) return '—';
  return r.target.met ? 'met' : '**missed**';
}

export function renderTable(run: BenchRun): string {
  const m = run.machine;
  const lines = [
    `Latest run: ${run.startedAt}${run.quick ? ' (**--quick**, reduced sizes)' : ''}, commit ${run.gitCommit ?? 'unknown'}.`,
    `Machine: ${m.cpus.count} × ${m.cpus.model}, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}, ` +
      `Postgres ${m.postgres ?? 'not reachable'}, PGlite ${m.pglite}.`,
    '',
    '| | Benchmark | Figure | Target | Verdict |',
    '|---|---|---|---|---|',
    ...run.results.map((r) => `| ${r.id} | ${cell(r.title)} | ${cell(r.headline)} | ${cell(r.target.text)} | ${verdict(r)} |`),
  ];
  const notes = run.results.filter((r) => r.notes.length > 0);
  if (notes.length > 0) {
    lines.push('', 'Notes from this run:', '');
    for (const r of notes) for (const n of r.notes) lines.push(`- (${r.id}) ${n}`);
  }
  return lines.join('\n');
}

export function updateReadme(run: BenchRun): void {
  const text = existsSync(README) ? readFileSync(README, 'utf8') : `${TABLE_START}\n${TABLE_END}\n`;
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`bench/README.md lacks the ${TABLE_START} … ${TABLE_END} markers`);
  const next = `${text.slice(0, start + TABLE_START.length)}\n${renderTable(run)}\n${text.slice(end)}`;
  writeFileSync(README, next);
}

/**
 * Appends a run to bench/results/<date>.json (an array of runs per day) and
 * rewrites the table between the markers in bench/README.md from the latest
 * measurement of each benchmark, so a partial run (--only) updates its rows.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** Every run recorded so far, oldest first. */
export function readAllRuns(): BenchRun[] {
  if (!existsSync(RESULTS_DIR)) return [];
  return readdirSync(RESULTS_DIR)
    .filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(path.join(RESULTS_DIR, f), 'utf8')) as BenchRun[]);
}

interface LatestRow {
  result: ScenarioResult;
  run: BenchRun;
}

/** The latest full-size result of each scenario (a quick run only when nothing else exists). */
function latestRows(runs: BenchRun[]): LatestRow[] {
  const latest = new Map<string, LatestRow>();
  for (const run of [...runs.filter((r) => r.quick), ...runs.filter((r) => !r.quick)]) {
    for (const result of run.results) latest.set(result.id, { result, run });
  }
  return [...latest.values()].sort((a, b) => a.result.id.localeCompare(b.result.id));
}

function machineLine(m: MachineDescription): string {
  return `${m.cpus.count} × ${m.cpus.model}, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}, Postgres ${m.postgres ?? 'not reachable'}, PGlite ${m.pglite}`;
}

export function renderTable(runs: BenchRun[]): string {
  const rows = latestRows(runs);
  const machines = [...new Set(rows.map((r) => machineLine(r.run.machine)))];
  // Rows taken on different machines say which one (figures are not comparable across them).
  const machineTag = (run: BenchRun) => (machines.length > 1 ? `, machine ${machines.indexOf(machineLine(run.machine)) + 1}` : '');
  const lines = [
    `Each row is the latest full-size measurement of that benchmark (bench/results/ has every run).`,
    ...machines.map((m, i) => (machines.length > 1 ? `Machine ${i + 1}: ${m}.` : `Machine: ${m}.`)),
    '',
    '| | Benchmark | Figure | Target | Verdict | Measured |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      ({ result: r, run }) =>
        `| ${r.id} | ${cell(r.title)} | ${cell(r.headline)} | ${cell(r.target.text)} | ${verdict(r)} | ${run.startedAt.slice(0, 16).replace('T', ' ')}${run.quick ? ' (quick)' : ''}, ${run.gitCommit ?? '?'}${machineTag(run)} |`,
    ),
  ];
  const notes = rows.filter((r) => r.result.notes.length > 0);
  if (notes.length > 0) {
    lines.push('', 'Notes with these measurements:', '');
    for (const { result } of notes) for (const n of result.notes) lines.push(`- (${result.id}) ${n}`);
  }
  return lines.join('\n');
}

/** Rewrites the table between the markers from every run recorded. */
export function updateReadme(): void {
  const text = existsSync(README) ? readFileSync(README, 'utf8') : `${TABLE_START}\n${TABLE_END}\n`;
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`bench/README.md lacks the ${TABLE_START} … ${TABLE_END} markers`);
  const next = `${text.slice(0, start + TABLE_START.length)}\n${renderTable(readAllRuns())}\n${text.slice(end)}`;
  writeFileSync(README, next);
}

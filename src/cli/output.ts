/**
 * How the CLI prints: aligned tables for people, JSON for scripts (--json), and
 * a progress bar on stderr (only when stderr is a terminal and not --json).
 */
import { SingleBar, Presets } from 'cli-progress';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export type Column<T> = { header: string; value: (row: T) => unknown; align?: 'left' | 'right' };

/** Exit codes: 0 ok, 1 failure or unhealthy (--strict), 2 usage or unavailable. */
export const EXIT = { ok: 0, failure: 1, unavailable: 2 } as const;

export class CliError extends Error {
  readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

export function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return String(value).replace(/\s+/g, ' ');
}

const MAX_CELL = 60;
const clip = (s: string) => (s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 1)}…` : s);

export function renderTable<T>(rows: T[], columns: Column<T>[]): string {
  const body = rows.map((r) => columns.map((c) => clip(cell(c.value(r)))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((s, i) => (columns[i].align === 'right' ? s.padStart(widths[i]) : s.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '─'.repeat(w))), ...body.map(line)].join('\n') + '\n';
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function print(io: CliIo, text = ''): void {
  io.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

export interface Progress {
  update(done: number): void;
  stop(): void;
}

export function startProgress(io: CliIo, total: number, label: string, enabled: boolean): Progress {
  if (!enabled || !io.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new SingleBar(
    { format: `${label} [{bar}] {value}/{total} jobs | {percentage}% | ETA {eta_formatted}`, stream: io.stderr, hideCursor: true },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (done) => bar.update(Math.min(done, total)), stop: () => bar.stop() };
}

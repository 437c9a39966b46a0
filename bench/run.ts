/**
 * `npm run bench`: runs the benchmarks (a)–(h), appends the run to
 * bench/results/<date>.json with the machine's description, and rewrites the
 * table in bench/README.md. Measurements only; nothing here is a test.
 *
 *   npm run bench                       # everything, full sizes
 *   npm run bench -- --only d,g         # some (their README rows are updated)
 *   npm run bench -- --quick            # reduced sizes (smoke run; figures not comparable)
 *   npm run bench -- --postgres postgres://postgres@127.0.0.1:5432/postgres
 */
import './lib/bench-env';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { dropStaleBenchDatabases, postgresReachable } from './lib/bench-database';
import { describeMachine } from './lib/machine';
import { appendRun, BENCH_DIR, updateReadme, type BenchRun } from './lib/results';
import type { BenchContext, ScenarioResult } from './lib/scenario';
import { SCENARIOS } from './scenarios';

const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

interface CliOptions {
  only?: string;
  quick: boolean;
  postgres: string;
  write: boolean;
}

function parseArgs(): CliOptions {
  return new Command('bench')
    .description('Planner benchmarks (a)–(h)')
    .option('--only <ids>', 'comma-separated scenario ids, e.g. d,g')
    .option('--quick', 'reduced sizes (smoke run)', false)
    .option('--postgres <url>', 'admin URL of the Postgres to create bench databases on', process.env.BENCH_POSTGRES_URL ?? DEFAULT_POSTGRES)
    .option('--no-write', 'print results only; do not touch bench/results or bench/README.md')
    .parse()
    .opts<CliOptions>();
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

function pgliteVersion(): string {
  try {
    const pkg = path.join(BENCH_DIR, '..', 'node_modules', '@electric-sql', 'pglite', 'package.json');
    return JSON.parse(readFileSync(pkg, 'utf8')).version as string;
  } catch {
    return 'unknown';
  }
}

async function runScenarios(ids: Set<string> | null, ctx: BenchContext): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of SCENARIOS) {
    if (ids && !ids.has(scenario.id)) continue;
    const start = performance.now();
    ctx.log(`── (${scenario.id}) ${scenario.title}`);
    let result: Omit<ScenarioResult, 'id' | 'title' | 'durationMs'>;
    try {
      result = await scenario.run(ctx);
    } catch (error) {
      const reason = `failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300);
      result = { status: 'not measured', reason, headline: `not measured: ${reason}`, target: { text: scenario.targetText, met: null }, figures: {}, notes: [] };
    }
    const full = { id: scenario.id, title: scenario.title, durationMs: Math.round(performance.now() - start), ...result };
    ctx.log(`   ${full.headline}`);
    results.push(full);
  }
  return results;
}

async function main(): Promise<void> {
  const options = parseArgs();
  const reachable = await postgresReachable(options.postgres);
  const log = (message: string) => console.log(message);
  if (!reachable) log(`Postgres not reachable at ${options.postgres}: Postgres benchmarks will say "not measured".`);
  else {
    const dropped = await dropStaleBenchDatabases(options.postgres);
    if (dropped.length > 0) log(`dropped ${dropped.length} bench database(s) left by an earlier run`);
  }
  const ctx: BenchContext = { postgresAdminUrl: reachable ? options.postgres : null, quick: options.quick, log };
  const startedAt = new Date().toISOString();
  const machine = await describeMachine(ctx.postgresAdminUrl, pgliteVersion());
  const ids = options.only ? new Set(options.only.split(',').map((s) => s.trim())) : null;
  const results = await runScenarios(ids, ctx);
  const run: BenchRun = { startedAt, finishedAt: new Date().toISOString(), quick: options.quick, gitCommit: gitCommit(), machine, results };
  if (options.write) {
    log(`results appended to ${appendRun(run)}`);
    updateReadme();
  }
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

/** What every benchmark scenario is and returns. */

export type Figure = number | string | boolean | null;

export interface Target {
  /** e.g. "p95 < 100 ms". */
  text: string;
  /** true = met, false = missed, null = no target or not measured. */
  met: boolean | null;
}

export interface ScenarioResult {
  id: string;
  title: string;
  status: 'measured' | 'not measured';
  /** Why it was not measured (status 'not measured'). */
  reason?: string;
  /** The headline figure shown in the README table, e.g. "p95 12.3 ms". */
  headline: string;
  target: Target;
  figures: Record<string, Figure | Record<string, Figure>>;
  /** Where a target is missed, or caveats about the method, in plain words. */
  notes: string[];
  durationMs: number;
}

export interface BenchContext {
  /** Admin URL of the machine's Postgres (databases are created and dropped here); null = unreachable. */
  postgresAdminUrl: string | null;
  /** Smaller sizes for a smoke run (`--quick`); figures are then not comparable. */
  quick: boolean;
  log(message: string): void;
}

export interface Scenario {
  id: string;
  title: string;
  targetText: string;
  run(ctx: BenchContext): Promise<Omit<ScenarioResult, 'id' | 'title' | 'durationMs'>>;
}

export function notMeasured(targetText: string, reason: string): Omit<ScenarioResult, 'id' | 'title' | 'durationMs'> {
  return {
    status: 'not measured',
    reason,
    headline: `not measured: ${reason}`,
    target: { text: targetText, met: null },
    figures: {},
    notes: [],
  };
}

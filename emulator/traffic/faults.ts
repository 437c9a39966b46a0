/**
 * Fault injection in the manner of Microsoft's Dev Proxy: per route, a failure rate
 * or a script of statuses, latencies and timeouts applied to successive requests.
 */
import type { FaultRule, FaultStep } from '../control-types';
import type { SeededRandom } from '../ids';

export class FaultInjector {
  private counters = new Map<FaultRule, number>();

  constructor(
    private readonly rules: () => FaultRule[],
    private readonly rng: SeededRandom,
  ) {}

  /** The step for this request, or null to pass it through untouched. */
  stepFor(method: string, path: string, user: { id: string; email: string } | null): FaultStep | null {
    for (const rule of this.rules()) {
      if (!routeMatches(rule.route, method, path)) continue;
      if (rule.user && (!user || (rule.user !== user.id && rule.user.toLowerCase() !== user.email))) continue;
      const step = this.nextStep(rule);
      if (step && step.kind !== 'pass') return step;
    }
    return null;
  }

  /** Extra latency from rules with `latencyMs` that match this request. */
  latencyFor(method: string, path: string, user: { id: string; email: string } | null): number {
    let total = 0;
    for (const rule of this.rules()) {
      if (rule.latencyMs === undefined || !routeMatches(rule.route, method, path)) continue;
      if (rule.user && (!user || (rule.user !== user.id && rule.user.toLowerCase() !== user.email))) continue;
      total += typeof rule.latencyMs === 'number' ? rule.latencyMs : this.rng.between(rule.latencyMs[0], rule.latencyMs[1]);
    }
    return total;
  }

  private nextStep(rule: FaultRule): FaultStep | null {
    if (rule.script) {
      const index = this.counters.get(rule) ?? 0;
      this.counters.set(rule, index + 1);
      return rule.script[index] ?? null;
    }
    if (rule.failureRate !== undefined && this.rng.next() < rule.failureRate) {
      const statuses: NonNullable<FaultRule['statuses']> = rule.statuses?.length ? rule.statuses : [503];
      const status = statuses[Math.floor(this.rng.next() * statuses.length)];
      return { kind: 'status', status, retryAfterSeconds: rule.retryAfterSeconds };
    }
    return null;
  }

  reset(): void {
    this.counters.clear();
  }
}

const patternCache = new Map<string, { method: string; regex: RegExp }>();

export function routeMatches(route: string, method: string, path: string): boolean {
  let compiled = patternCache.get(route);
  if (!compiled) {
    const [m, p] = route.includes(' ') ? route.split(/\s+/, 2) : ['*', route];
    const body = p
      .split('/')
      .map((seg) => (seg === '**' ? '.*' : seg.split('*').map(escapeRegex).join('[^/]*')))
      .join('/');
    compiled = { method: m.toUpperCase(), regex: new RegExp(`^${body}/?$`) };
    patternCache.set(route, compiled);
  }
  return (compiled.method === '*' || compiled.method === method.toUpperCase()) && compiled.regex.test(path);
}

function escapeRegex(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

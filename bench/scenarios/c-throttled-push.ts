/**
 * (c) The initial push of (b) under a time-scaled mailbox limit: Outlook's 10,000
 * requests per 600 s scaled down to REQUESTS_PER_WINDOW per WINDOW_SECONDS ($batch
 * items counted one by one, as Outlook does). The window is shrunk rather than the
 * emulator's clock sped up: a faster clock also ages OAuth tokens and ID-token
 * timestamps, which the connect rightly rejects. Achieved rate = requests the emulator accepted ÷ wall time, against
 * the allowed rate; every 429's Retry-After must be honoured and no task lost.
 */
import { notMeasured, type BenchContext, type Scenario } from '../lib/scenario';
import { round } from '../lib/stats';
import { runInitialPush } from './b-initial-push';

const TARGET = '≥ 85 % of the allowed rate, every 429 honoured, nothing lost';
const WINDOW_SECONDS = 5;
const REQUESTS_PER_WINDOW = 250;

export const throttledPush: Scenario = {
  id: 'c',
  title: 'Initial push under a time-scaled mailbox limit',
  targetText: TARGET,
  async run(ctx: BenchContext) {
    if (!ctx.postgresAdminUrl) return notMeasured(TARGET, 'no Postgres reachable');
    const sizes = { projects: 20, tasksEach: ctx.quick ? 20 : 100 };
    const windowRealSeconds = WINDOW_SECONDS;
    const allowedPerSecond = REQUESTS_PER_WINDOW / windowRealSeconds;
    ctx.log(`(c) ${sizes.projects} × ${sizes.tasksEach} tasks, ${REQUESTS_PER_WINDOW} requests per ${windowRealSeconds} s window (${allowedPerSecond}/s)`);
    const f = await runInitialPush(ctx.postgresAdminUrl, sizes, {
      throttle: { windowSeconds: WINDOW_SECONDS, maxRequestsPerWindow: REQUESTS_PER_WINDOW },
    });
    const accepted = f.emulatorRequests - f.throttled;
    const achievedPerSecond = accepted / (f.pushWallMs / 1000);
    const share = achievedPerSecond / allowedPerSecond;
    const lost = f.tasks - f.tasksInTodo;
    const met = share >= 0.85 && f.retryAfterViolations === 0 && lost === 0 && f.failedJobs === 0;
    const notes: string[] = [];
    if (share < 0.85) notes.push(`Rate missed: ${round(share * 100, 0)} % of the allowed rate.`);
    if (f.retryAfterViolations > 0) {
      notes.push(
        `${f.retryAfterViolations} requests went to the mailbox while an earlier 429's Retry-After was running: a throttled job defers only itself, ` +
          'and the next job of the same user starts at once (no per-mailbox pause shared by jobs).',
      );
    }
    return {
      status: 'measured',
      headline:
        `${round(share * 100, 0)} % of allowed (${round(achievedPerSecond, 1)}/${allowedPerSecond} req/s), ${f.throttled} × 429, ` +
        `${f.retryAfterViolations} not honoured, ${lost} lost, ${f.failedJobs} failed jobs`,
      target: { text: TARGET, met },
      figures: { ...f, lost, windowRealSeconds, requestsPerWindow: REQUESTS_PER_WINDOW, allowedPerSecond, achievedPerSecond: round(achievedPerSecond, 2), share: round(share, 3) },
      notes,
    };
  },
};

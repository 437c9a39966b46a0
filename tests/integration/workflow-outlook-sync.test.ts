/**
 * .github/workflows/outlook-sync.yml (guide §7), read from the YAML and run: each
 * schedule selects its job, each job's curl step runs in bash with the step's env and
 * the workflow's expressions filled in (secrets, workflow_dispatch's limit) against the
 * running app — and fails the step when the app answers non-2xx.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server';
import { evaluate, interpolate, parseYaml, type ExpressionContext } from './workflow-yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WORKFLOW = path.join(ROOT, '.github/workflows/outlook-sync.yml');
const DIST_DIR = process.env.NEXT_DIST_DIR ?? '.next-pull';
const SECRET = 'workflow-test-sync-secret-0123456789';

interface Step {
  name: string;
  env?: Record<string, string>;
  run?: string;
}
interface Job {
  if?: string;
  'runs-on': string;
  steps: Step[];
}
interface Workflow {
  on: { schedule: { cron: string }[]; workflow_dispatch: { inputs: Record<string, { default?: string }> } };
  jobs: Record<string, Job>;
}

const workflow = parseYaml(readFileSync(WORKFLOW, 'utf8')) as unknown as Workflow;

function context(app: AppServer, event: ExpressionContext['github'], secret = SECRET): ExpressionContext {
  return { secrets: { OUTLOOK_SYNC_JOB_SECRET: secret, PLANNER_BASE_URL: app.url }, github: event };
}

/** The jobs a trigger runs (their `if:`), each step's `run` executed like the runner does (bash -e). */
function runTrigger(ctx: ExpressionContext) {
  const ran: { job: string; step: string; status: number | null; stdout: string; stderr: string }[] = [];
  for (const [name, job] of Object.entries(workflow.jobs)) {
    if (job.if && evaluate(job.if, ctx) !== true) continue;
    for (const step of job.steps.filter((s) => s.run)) {
      const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
      const script = interpolate(step.run!, ctx);
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { env: { PATH: process.env.PATH, ...env } as unknown as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60_000 });
      ran.push({ job: name, step: step.name, status: r.status, stdout: r.stdout, stderr: r.stderr });
    }
  }
  return ran;
}

describe('the outlook-sync workflow', () => {
  it('has the guide §7 shape: */2 worker, */30 subscriptions, manual dispatch with a limit, Bearer secret, fail on non-2xx', () => {
    expect(workflow.on.schedule.map((s) => s.cron)).toEqual(['*/2 * * * *', '*/30 * * * *']);
    expect(workflow.on.workflow_dispatch.inputs.limit).toMatchObject({ default: '25' });
    expect(Object.keys(workflow.jobs)).toEqual(['worker', 'subscriptions']);
    for (const job of Object.values(workflow.jobs)) {
      const run = job.steps.map((s) => s.run ?? '').join('\n');
      expect(run).toContain('Authorization: Bearer ${{ secrets.OUTLOOK_SYNC_JOB_SECRET }}');
      expect(run).toMatch(/curl --fail-with-body/);
    }
    expect(workflow.jobs.worker.steps[0].run).toContain('/api/integrations/outlook/sync');
    expect(workflow.jobs.subscriptions.steps[0].run).toContain('/api/integrations/outlook/subscriptions');
  });

  describe('its curl steps against the running app', () => {
    let app: AppServer;
    beforeAll(async () => {
      app = await startAppServer({
        distDir: DIST_DIR,
        build: true,
        env: {
          OUTLOOK_SYNC_JOB_SECRET: SECRET,
          CRON_SECRET: undefined,
          MICROSOFT_CLIENT_ID: 'workflow-test-client',
          MICROSOFT_CLIENT_SECRET: 'workflow-test-client-secret',
          PLANNER_RUNNER: '0',
          LOG_LEVEL: 'warn',
        },
      });
    }, 300_000);
    afterAll(async () => {
      await app?.stop();
    });

    it('the */2 schedule runs only the worker drain, which succeeds', () => {
      const ran = runTrigger(context(app, { event_name: 'schedule', event: { schedule: '*/2 * * * *' } }));
      expect(ran.map((r) => r.job)).toEqual(['worker']);
      expect(ran[0].status, ran[0].stderr).toBe(0);
      expect(JSON.parse(ran[0].stdout)).toMatchObject({ processed: 0, failed: 0 });
    });

    it('the */30 schedule runs only the subscription upkeep, which succeeds', () => {
      const ran = runTrigger(context(app, { event_name: 'schedule', event: { schedule: '*/30 * * * *' } }));
      expect(ran.map((r) => r.job)).toEqual(['subscriptions']);
      expect(ran[0].status, `${ran[0].stderr}\n${app.logs()}`).toBe(0);
      expect(JSON.parse(ran[0].stdout)).toMatchObject({ failed: 0 });
    });

    it('a manual dispatch runs both, with its limit sent as x-sync-limit', () => {
      const ran = runTrigger(context(app, { event_name: 'workflow_dispatch', event: { inputs: { limit: '150' } } }));
      expect(ran.map((r) => [r.job, r.status])).toEqual([
        ['worker', 0],
        ['subscriptions', 0],
      ]);
      const bad = runTrigger(context(app, { event_name: 'workflow_dispatch', event: { inputs: { limit: '9999' } } }));
      expect(bad.find((r) => r.job === 'worker')?.status).not.toBe(0); // 400 from x-sync-limit fails the step
    });

    it('a wrong secret fails each step (curl exits non-zero on the 401)', () => {
      const ran = runTrigger(context(app, { event_name: 'workflow_dispatch', event: {} }, 'not-the-secret-0123456789'));
      expect(ran).toHaveLength(2);
      for (const r of ran) {
        expect(r.status).toBe(22);
        expect(r.stdout).toContain('unauthorized');
      }
    });
  });
});

/**
 * Alerts (guide §14): a local receiver gets one message per new warning, none
 * while it persists, one "resolved" when it clears; failed deliveries retry.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as alertsGET } from '../../src/app/api/integrations/outlook/alerts/route';
import type { Db } from '../../src/db/client';
import { channelsFrom, webhookChannel } from '../../src/server/alerts/alert-channels';
import { runAlertCheck } from '../../src/server/alerts/run-alert-check';
import { buildHealthReport } from '../../src/server/health/health-report';
import { DEFAULT_THRESHOLDS } from '../../src/server/health/thresholds';
import { testEngines, useTestDatabase } from '../helpers/db';
import { startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from './alerts-receivers';
import { bearer, installProcessDatabase, uninstallProcessDatabase, useOpsEnv } from './health-test-env';

const NOW = new Date('2025-11-04T12:00:00.000Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

async function addFailedJob(db: Db) {
  await db.insertInto('task_sync_jobs').values({ user_id: 'u1', action: 'create', status: 'failed', last_error: 'boom' }).execute();
}
async function addStuckJob(db: Db) {
  await db
    .insertInto('task_sync_jobs')
    .values({ user_id: 'u1', action: 'update', status: 'processing', locked_until: at(-10), worker_id: 'dead' })
    .execute();
}

describe.each(testEngines())('alert check on %s', (engine) => {
  const t = useTestDatabase(engine);
  let hook: WebhookReceiver;
  let smtp: SmtpReceiver;

  beforeAll(async () => {
    hook = await startWebhookReceiver();
    smtp = await startSmtpReceiver();
    useOpsEnv();
  });
  afterAll(async () => {
    await hook.close();
    await smtp.close();
  });
  beforeEach(async () => {
    hook.messages.length = 0;
    hook.status = 200;
    smtp.mails.length = 0;
    await t.db.deleteFrom('task_sync_jobs').execute();
    await t.db.deleteFrom('outlook_connections').execute();
    await t.db.deleteFrom('ops_alert_state').execute();
  });

  const check = (minute = 0) =>
    runAlertCheck(t.db, { channels: [webhookChannel(hook.url)], now: at(minute), thresholds: DEFAULT_THRESHOLDS });

  it('announces once per new warning, stays quiet while it persists, then says resolved', async () => {
    await addFailedJob(t.db);
    expect((await check(0)).announced).toEqual(['failed_jobs']);
    expect(hook.messages).toHaveLength(1);
    expect(hook.messages[0].text).toContain('failed_jobs');

    await addFailedJob(t.db);
    expect((await check(5)).announced).toEqual([]);
    expect(hook.messages).toHaveLength(1);

    await addStuckJob(t.db);
    expect((await check(10)).announced).toEqual(['stuck_jobs']);
    expect(hook.messages).toHaveLength(2);
    expect(hook.messages[1].text).toContain('stuck_jobs');

    await t.db.updateTable('task_sync_jobs').set({ status: 'pending', scheduled_at: at(60) }).where('status', '=', 'failed').execute();
    const r = await check(15);
    expect(r.resolved).toEqual(['failed_jobs']);
    expect(hook.messages).toHaveLength(3);
    expect(hook.messages[2].text).toMatch(/resolved.*failed_jobs after 15 min/i);

    await check(20);
    expect(hook.messages).toHaveLength(3);
    const state = await t.db.selectFrom('ops_alert_state').selectAll().orderBy('code').execute();
    expect(state.map((s) => [s.code, s.resolved_at !== null])).toEqual([
      ['failed_jobs', true],
      ['stuck_jobs', false],
    ]);
  });

  it('announces a warning again when it comes back after clearing', async () => {
    await addFailedJob(t.db);
    await check(0);
    await t.db.deleteFrom('task_sync_jobs').execute();
    await check(1);
    await addFailedJob(t.db);
    await check(2);
    expect(hook.messages.map((m) => m.text.includes('resolved'))).toEqual([false, true, false]);
  });

  it('does not alert on info warnings by default', async () => {
    const task = await t.db.insertInto('tasks').values({ user_id: 'u-c', title: 'Conflicted' }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('sync_conflicts').values({ user_id: 'u-c', task_id: task.id, field: 'title', winner: 'local' }).execute();
    const report = await buildHealthReport(t.db, { now: at(0), thresholds: DEFAULT_THRESHOLDS });
    expect(report.warnings.map((w) => [w.code, w.severity])).toEqual([['sync_conflicts', 'info']]);
    const r = await check(0);
    expect(r.firing).toEqual([]);
    expect(hook.messages).toHaveLength(0);
    await t.db.deleteFrom('tasks').where('id', '=', task.id).execute();
  });

  it('retries an announcement the receiver refused', async () => {
    await addFailedJob(t.db);
    hook.status = 500;
    expect((await check(0)).failed).toEqual(['failed_jobs']);
    hook.status = 200;
    expect((await check(1)).announced).toEqual(['failed_jobs']);
    expect(hook.messages).toHaveLength(1);
  });

  it('sends e-mail through SMTP as well', async () => {
    const channels = channelsFrom({
      ALERT_WEBHOOK_URL: hook.url,
      SMTP_URL: smtp.url,
      ALERT_EMAIL_TO: 'oncall@example.test',
      ALERT_EMAIL_FROM: 'planner@example.test',
    });
    await addStuckJob(t.db);
    await runAlertCheck(t.db, { channels, now: at(0), thresholds: DEFAULT_THRESHOLDS });
    expect(hook.messages).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].to).toEqual(['oncall@example.test']);
    expect(smtp.mails[0].data).toMatch(/Subject: \[Planner warning\] stuck_jobs/);
  });

  it('changes nothing when no channel is configured', async () => {
    await addFailedJob(t.db);
    const r = await runAlertCheck(t.db, { channels: [], now: at(0), thresholds: DEFAULT_THRESHOLDS });
    expect(r).toMatchObject({ skipped: 'no_channels', firing: ['failed_jobs'] });
    expect(await t.db.selectFrom('ops_alert_state').selectAll().execute()).toEqual([]);
  });

  describe('route', () => {
    beforeAll(() => {
      useOpsEnv({ ALERT_WEBHOOK_URL: hook.url });
      installProcessDatabase(t.database);
    });
    afterAll(() => {
      uninstallProcessDatabase();
      useOpsEnv();
    });

    it('needs the secret, then runs the check', async () => {
      const url = 'http://127.0.0.1/api/integrations/outlook/alerts';
      expect((await alertsGET(new Request(url))).status).toBe(401);
      await addFailedJob(t.db);
      const res = await alertsGET(new Request(url, { headers: bearer() }));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ announced: ['failed_jobs'], firing: ['failed_jobs'] });
      expect(hook.messages).toHaveLength(1);
    });
  });
});

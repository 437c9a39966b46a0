/**
 * ops_metric_samples: per-minute buckets of operational metrics for the /admin
 * charts. Counters add into their bucket; gauges replace it. Kept 7 days.
 */
import { sql } from 'kysely';
import type { Executor } from './client';

export interface MetricSampleDelta {
  metric: string;
  label: string;
  bucketStart: Date;
  value: number;
}

export const SAMPLE_RETENTION_MS = 7 * 24 * 60 * 60_000;

export async function addMetricSamples(db: Executor, samples: MetricSampleDelta[]): Promise<void> {
  if (samples.length === 0) return;
  await db
    .insertInto('ops_metric_samples')
    .values(samples.map((s) => ({ metric: s.metric, label: s.label, bucket_start: s.bucketStart, value: s.value })))
    .onConflict((oc) =>
      oc.columns(['metric', 'bucket_start', 'label']).doUpdateSet({ value: sql`ops_metric_samples.value + excluded.value` }),
    )
    .execute();
}

export async function setGaugeSamples(db: Executor, bucketStart: Date, metric: string, values: Record<string, number>) {
  const rows = Object.entries(values).map(([label, value]) => ({ metric, label, bucket_start: bucketStart, value }));
  await db
    .insertInto('ops_metric_samples')
    .values(rows)
    .onConflict((oc) => oc.columns(['metric', 'bucket_start', 'label']).doUpdateSet({ value: sql`excluded.value` }))
    .execute();
  await db.deleteFrom('ops_metric_samples').where('bucket_start', '<', new Date(bucketStart.getTime() - SAMPLE_RETENTION_MS)).execute();
}

export interface SampleSeriesPoint {
  bucket: Date;
  label: string;
  value: number;
}

/**
 * One metric grouped into buckets of `bucketSeconds` since `since`. Counters are
 * summed per bucket; gauges (`mode: 'last'`) keep the bucket's latest sample.
 */
export async function readSampleSeries(
  db: Executor,
  metric: string,
  since: Date,
  bucketSeconds: number,
  mode: 'sum' | 'last' = 'sum',
): Promise<SampleSeriesPoint[]> {
  const bucket = sql<Date>`to_timestamp(floor(extract(epoch from bucket_start) / ${bucketSeconds}) * ${bucketSeconds})`;
  const value =
    mode === 'sum'
      ? sql<number>`sum(value)`
      : sql<number>`(array_agg(value order by bucket_start desc))[1]`;
  const rows = await db
    .selectFrom('ops_metric_samples')
    .select([bucket.as('bucket'), 'label', value.as('value')])
    .where('metric', '=', metric)
    .where('bucket_start', '>=', since)
    .groupBy([sql`1`, 'label'])
    .orderBy(sql`1`)
    .execute();
  return rows.map((r) => ({ bucket: new Date(r.bucket), label: r.label, value: Number(r.value) }));
}

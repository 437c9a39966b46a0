'use client';
/** The dashboard's charts (recharts): queue depth, throughput, failures by code, latency, Graph 429s. */
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { DashboardData } from '@/server/admin/admin-console';
import { hhmm, utc } from './format';
import styles from './admin.module.css';

const COLOR = {
  pending: '#2f6fde',
  processing: '#b7791f',
  failed: '#c2352b',
  completed: '#1f8a4c',
  p95: '#7b4fd6',
  grid: '#e3e3df',
  muted: '#5f6670',
};
const AXIS = { fontSize: 11, fill: COLOR.muted };
const HEIGHT = 210;

function ChartCard({
  title,
  subtitle,
  empty,
  emptyText = 'No data in this window yet',
  testId,
  children,
}: {
  title: string;
  subtitle: string;
  empty: boolean;
  emptyText?: string;
  testId: string;
  children: React.ReactElement;
}) {
  return (
    <figure className={styles.chartCard} data-testid={testId} data-empty={empty ? 'true' : 'false'}>
      <figcaption className={styles.chartTitle}>
        {title} <span className={styles.chartSubtitle}>{subtitle}</span>
      </figcaption>
      {empty ? (
        <div className={styles.chartEmpty} style={{ height: HEIGHT }}>
          {emptyText}
        </div>
      ) : (
        <ResponsiveContainer width="100%" height={HEIGHT}>
          {children}
        </ResponsiveContainer>
      )}
    </figure>
  );
}

const tooltipLabel = (label: unknown) => utc(String(label));
const grid = <CartesianGrid stroke={COLOR.grid} strokeDasharray="3 3" vertical={false} />;
const xAxis = <XAxis dataKey="t" tickFormatter={hhmm} tick={AXIS} minTickGap={28} stroke={COLOR.grid} />;
const yAxis = (unit = '') => <YAxis tick={AXIS} allowDecimals={false} width={40} unit={unit} stroke={COLOR.grid} />;

export function OpsCharts({ charts, window }: Pick<DashboardData, 'charts' | 'window'>) {
  const sub = `last ${Math.round((Date.parse(window.until) - Date.parse(window.since)) / 3600_000)} h · ${window.bucketMinutes} min buckets`;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return (
    <section className={styles.charts} aria-label="Charts">
      <ChartCard title="Queue depth" subtitle="sampled each minute" empty={charts.queueDepth.length === 0} testId="chart-queue-depth">
        <AreaChart data={charts.queueDepth} margin={{ top: 8, right: 12, left: 0, bottom: 0 }}>
          {grid}
          {xAxis}
          {yAxis()}
          <Tooltip labelFormatter={tooltipLabel} />
          <Legend iconType="circle" wrapperStyle={{ fontSize: 12 }} />
          <Area type="monotone" dataKey="pending" stackId="q" stroke={COLOR.pending} fill={COLOR.pending} fillOpacity={0.25} isAnimationActive={false} />
          <Area type="monotone" dataKey="processing" stackId="q" stroke={COLOR.processing} fill={COLOR.processing} fillOpacity={0.25} isAnimationActive={false} />
          <Area type="monotone" dataKey="failed" stackId="q" stroke={COLOR.failed} fill={COLOR.failed} fillOpacity={0.25} isAnimationActive={false} />
        </AreaChart>
      </ChartCard>
      <ChartCard title="Jobs processed" subtitle={sub} empty={sum(charts.throughput.map((p) => p.completed + p.failed)) === 0} testId="chart-throughput">
        <BarChart data={charts.throughput} margin={{ top: 8, right: 12, left: 0, bottom: 0 }}>
          {grid}
          {xAxis}
          {yAxis()}
          <Tooltip labelFormatter={tooltipLabel} />
          <Legend iconType="circle" wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="completed" stackId="j" fill={COLOR.completed} isAnimationActive={false} />
          <Bar dataKey="failed" stackId="j" fill={COLOR.failed} isAnimationActive={false} />
        </BarChart>
      </ChartCard>
      <ChartCard title="Failures by error code" subtitle="failed jobs now" empty={charts.failuresByCode.length === 0} emptyText="No failed jobs" testId="chart-failures">
        <BarChart data={charts.failuresByCode} layout="vertical" margin={{ top: 8, right: 16, left: 8, bottom: 0 }}>
          <CartesianGrid stroke={COLOR.grid} strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tick={AXIS} allowDecimals={false} stroke={COLOR.grid} />
          <YAxis type="category" dataKey="code" tick={AXIS} width={150} stroke={COLOR.grid} />
          <Tooltip />
          <Bar dataKey="count" fill={COLOR.failed} radius={[0, 4, 4, 0]} isAnimationActive={false} />
        </BarChart>
      </ChartCard>
      <ChartCard title="Sync latency" subtitle="enqueue → done, seconds" empty={charts.latency.length === 0} testId="chart-latency">
        <LineChart data={charts.latency} margin={{ top: 8, right: 12, left: 0, bottom: 0 }}>
          {grid}
          {xAxis}
          {yAxis('s')}
          <Tooltip labelFormatter={tooltipLabel} />
          <Legend iconType="circle" wrapperStyle={{ fontSize: 12 }} />
          <Line type="monotone" dataKey="avgSeconds" name="average" stroke={COLOR.pending} strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="p95Seconds" name="p95" stroke={COLOR.p95} strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ChartCard>
      <ChartCard title="Graph 429s" subtitle={sub} empty={sum(charts.throttles.map((p) => p.count)) === 0} emptyText="No 429s in this window" testId="chart-throttles">
        <BarChart data={charts.throttles} margin={{ top: 8, right: 12, left: 0, bottom: 0 }}>
          {grid}
          {xAxis}
          {yAxis()}
          <Tooltip labelFormatter={tooltipLabel} />
          <Bar dataKey="count" name="429 responses" fill={COLOR.processing} isAnimationActive={false} />
        </BarChart>
      </ChartCard>
    </section>
  );
}

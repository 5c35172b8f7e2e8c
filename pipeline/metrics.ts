/**
 * Pipeline metrics for `/api/metrics`: jobs per stage (waiting, running, done, failed), latencies
 * and failures, as JSON or in the Prometheus text format. On BullMQ the figures cover every
 * worker of the installation (they are read from Redis).
 */
import type { JobQueue, StageMetrics } from './queue/index.js';

export interface PipelineMetrics {
  queue: JobQueue['kind'];
  at: string;
  stages: StageMetrics[];
  totals: { waiting: number; active: number; completed: number; failed: number; delayed: number };
}

export async function collectMetrics(queue: Pick<JobQueue, 'kind' | 'metrics'>): Promise<PipelineMetrics> {
  const stages = await queue.metrics();
  const totals = { waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 };
  for (const s of stages) {
    totals.waiting += s.waiting;
    totals.active += s.active;
    totals.completed += s.completed;
    totals.failed += s.failed;
    totals.delayed += s.delayed;
  }
  return { queue: queue.kind, at: new Date().toISOString(), stages, totals };
}

const label = (v: string) => v.replace(/["\\\n]/g, '_');

/** The Prometheus exposition text of a metrics snapshot. */
export function formatPrometheus(m: PipelineMetrics): string {
  const lines: string[] = [];
  const gauge = (name: string, help: string, value: (s: StageMetrics) => number) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const s of m.stages) lines.push(`${name}{stage="${label(s.name)}"} ${value(s)}`);
  };
  gauge('minsheng_jobs_waiting', 'Jobs waiting per stage', (s) => s.waiting);
  gauge('minsheng_jobs_active', 'Jobs running per stage', (s) => s.active);
  gauge('minsheng_jobs_delayed', 'Jobs waiting for a retry or a schedule per stage', (s) => s.delayed);
  gauge('minsheng_jobs_completed', 'Jobs completed per stage', (s) => s.completed);
  gauge('minsheng_jobs_failed', 'Jobs in the failed list per stage', (s) => s.failed);
  gauge('minsheng_job_latency_p50_ms', 'Median processing time of recent jobs', (s) => s.latencyMs.p50);
  gauge('minsheng_job_latency_p95_ms', '95th percentile processing time of recent jobs', (s) => s.latencyMs.p95);
  gauge('minsheng_job_turnaround_p95_ms', '95th percentile enqueue-to-done time of recent jobs', (s) => s.turnaroundMs?.p95 ?? 0);
  return `${lines.join('\n')}\n`;
}

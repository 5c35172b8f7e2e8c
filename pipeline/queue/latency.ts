/** A small rolling window of job durations per stage, for p50/p95. */
export class LatencyWindow {
  private readonly samples: number[] = [];
  constructor(private readonly size = 1000) {}
  add(ms: number): void {
    this.samples.push(ms);
    if (this.samples.length > this.size) this.samples.shift();
  }
  summary(): { p50: number; p95: number; count: number } {
    if (this.samples.length === 0) return { p50: 0, p95: 0, count: 0 };
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return { p50: at(0.5), p95: at(0.95), count: sorted.length };
  }
}

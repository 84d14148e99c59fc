// `npm run bench -- --rounds N`: each contender's steps at one rate, from several rounds, become one step whose
// percentiles are over every round's latencies (not an average of percentiles), with the counts summed.

import { describe, expect, it } from 'vitest';
import { poolSteps, type StepResult } from '../../scripts/bench/workload.js';

function step(latencies: number[], extra: Partial<StepResult> = {}): StepResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    rate: 50,
    seconds: 10,
    sent: latencies.length * 2,
    mentions: latencies.length,
    answered: latencies.length,
    missing: 0,
    duplicates: 0,
    achievedRate: 50,
    p50: null,
    p95: null,
    p99: null,
    max: sorted.at(-1) ?? null,
    relevance: 1,
    latencies: sorted,
    ...extra,
  };
}

describe('poolSteps', () => {
  it('takes percentiles over the pooled latencies and sums the counts', () => {
    const calm = step(Array.from({ length: 99 }, () => 5));
    const slow = step([...Array.from({ length: 98 }, () => 6), 40, 50], { missing: 1, achievedRate: 48, relevance: 0.5 });
    const pooled = poolSteps([calm, slow]);
    expect(pooled.answered).toBe(199);
    expect(pooled.mentions).toBe(199);
    expect(pooled.sent).toBe(398);
    expect(pooled.missing).toBe(1);
    expect(pooled.seconds).toBe(20);
    expect(pooled.achievedRate).toBe(48);
    expect(pooled.p50).toBe(6);
    // The two slow replies are the top 1% of 199: the 99th percentile (nearest rank 198) is the first of them.
    expect(pooled.p99).toBe(40);
    expect(pooled.max).toBe(50);
    expect(pooled.relevance).toBeCloseTo((99 * 1 + 100 * 0.5) / 199);
  });

  it('leaves a single round as it was', () => {
    const only = step([1, 2, 3]);
    expect(poolSteps([only])).toBe(only);
  });
});

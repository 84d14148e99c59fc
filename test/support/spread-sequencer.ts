// Vitest's default order (files that failed or took longest first, per project), with the browser project's
// files spread evenly through it: they run one at a time (one-at-a-time-pool.ts), and spaced out each one has
// finished before the next is due, so none sits on a pool slot waiting for another.

import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Projects whose files are spread through the run. */
export const SPREAD_PROJECTS = new Set(['browser']);

export class SpreadSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const spread = sorted.filter((file) => SPREAD_PROJECTS.has(file.project.name));
    const rest = sorted.filter((file) => !SPREAD_PROJECTS.has(file.project.name));
    if (spread.length === 0 || rest.length === 0) return sorted;
    const every = Math.max(1, Math.floor(rest.length / spread.length));
    const order: TestSpecification[] = [];
    let next = 0;
    rest.forEach((file, index) => {
      if (index % every === 0 && next < spread.length) order.push(spread[next++]!);
      order.push(file);
    });
    order.push(...spread.slice(next));
    return order;
  }
}

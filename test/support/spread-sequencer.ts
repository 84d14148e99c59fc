// Vitest's default order (files that failed or took longest first, per project), with the browser project's
// files spread evenly through it: they run one at a time (one-at-a-time-pool.ts), and spaced out each one has
// finished before the next is due, so none sits on a pool slot waiting for another.

import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { spreadEvenly } from './spread.js';

/** Projects whose files are spread through the run. */
export const SPREAD_PROJECTS = new Set(['browser']);

export class SpreadSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return spreadEvenly(await super.sort(files), (file) => SPREAD_PROJECTS.has(file.project.name));
  }
}

// The test suite's own file order (test/support/spread.ts): the browser project's files, which run one at a
// time, are spread evenly through the run instead of queued back to back behind one another.

import { describe, expect, it } from 'vitest';
import { spreadEvenly } from '../support/spread';

const isB = (item: string) => item.startsWith('b');

describe('spread order', () => {
  it('spaces the chosen items evenly, each group in its own order', () => {
    const items = ['b1', 'b2', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6'];
    expect(spreadEvenly(items, isB)).toEqual(['b1', 'x1', 'x2', 'x3', 'b2', 'x4', 'x5', 'x6']);
  });

  it('keeps every item exactly once', () => {
    const items = ['x1', 'b1', 'b2', 'b3', 'x2'];
    const order = spreadEvenly(items, isB);
    expect([...order].sort()).toEqual([...items].sort());
    expect(order.filter(isB)).toEqual(['b1', 'b2', 'b3']);
  });

  it('leaves a list without chosen items, or with only them, as it is', () => {
    expect(spreadEvenly(['x1', 'x2'], isB)).toEqual(['x1', 'x2']);
    expect(spreadEvenly(['b1', 'b2'], isB)).toEqual(['b1', 'b2']);
  });
});

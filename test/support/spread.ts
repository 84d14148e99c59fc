// The order the spread sequencer (spread-sequencer.ts) gives: the chosen items spread evenly through the others,
// the first of them first, each group keeping its own order.

export function spreadEvenly<T>(items: readonly T[], isSpread: (item: T) => boolean): T[] {
  const spread = items.filter(isSpread);
  const rest = items.filter((item) => !isSpread(item));
  if (spread.length === 0 || rest.length === 0) return [...items];
  const every = Math.max(1, Math.floor(rest.length / spread.length));
  const order: T[] = [];
  let next = 0;
  rest.forEach((item, index) => {
    if (index % every === 0 && next < spread.length) order.push(spread[next++]!);
    order.push(item);
  });
  order.push(...spread.slice(next));
  return order;
}

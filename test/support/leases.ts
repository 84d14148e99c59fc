// A fixed set of numbered slots that test-pool workers lease one at a time and give back when fully stopped:
// the integration lanes (lanes.ts) and the browser project's single slot (one-at-a-time-pool.ts).

/** Free slots, and the workers waiting for one, served first come first served. */
export class Leases {
  private readonly free: number[];
  private readonly waiting: ((slot: number) => void)[] = [];

  constructor(count: number) {
    this.free = Array.from({ length: count }, (_, i) => i);
  }

  acquire(): Promise<number> {
    const slot = this.free.shift();
    if (slot !== undefined) return Promise.resolve(slot);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(slot: number): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.free.push(slot);
  }
}

// The browser project's pool: Vitest's forks pool, one test file at a time, yet in the same group as every other
// project, so its files run beside the integration files instead of in a serial tail after them.
//
// Its files share one `wrangler dev` and one simulator (test/browser/global-setup.ts), so two of them never
// run at once: a worker leases the single slot before it starts and gives it back once fully stopped. The
// sequencer (spread-sequencer.ts) spaces these files out, so a file rarely waits for the slot.

import type { PoolOptions, PoolRunnerInitializer, PoolWorker, WorkerRequest } from 'vitest/node';
import { ForksPoolWorker } from 'vitest/node';
import { Leases } from './leases.js';

class OneAtATimeWorker implements PoolWorker {
  readonly name: string;
  private readonly inner: PoolWorker;
  private held = false;

  constructor(
    name: string,
    options: PoolOptions,
    private readonly slot: Leases,
  ) {
    this.name = name;
    this.inner = new ForksPoolWorker(options);
  }

  get reportMemory(): boolean | undefined {
    return this.inner.reportMemory;
  }

  get cacheFs(): boolean | undefined {
    return this.inner.cacheFs;
  }

  async start(): Promise<void> {
    await this.slot.acquire();
    this.held = true;
    await this.inner.start();
  }

  async stop(): Promise<void> {
    try {
      await this.inner.stop();
    } finally {
      if (this.held) this.slot.release(0);
      this.held = false;
    }
  }

  send(message: WorkerRequest): void {
    this.inner.send(message);
  }

  on(event: string, callback: (arg: unknown) => void): void {
    this.inner.on(event, callback);
  }

  off(event: string, callback: (arg: unknown) => void): void {
    this.inner.off(event, callback);
  }

  deserialize(data: unknown): unknown {
    return this.inner.deserialize(data);
  }
}

/** A forks pool that runs this project's files one at a time. */
export function oneAtATimePool(name: string): PoolRunnerInitializer {
  const slot = new Leases(1);
  return { name, createPoolWorker: (options) => new OneAtATimeWorker(name, options, slot) };
}

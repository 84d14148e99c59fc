// Integration lanes: the workers projects run two test files at once (the machine has two cores), and each
// running file has a lane of its own: its own Discord simulator, fake model, collector and websites (all
// started by global-setup.ts). A lane is held by one file's workerd from its start until it has fully stopped,
// so no two files ever share a gateway session, a simulator guild list, a fault or a recorded request; within a
// lane, files run one after another exactly as the whole suite did when it ran one file at a time.
//
// How: Vitest's pool asks the project's pool runner for one worker (one workerd) per test file. We wrap the
// Workers pool's runner: a worker first leases a free lane, then starts the real Workers pool worker with
// that lane's URLs and keys as bindings, and hands the same values to the file's `inject()`. Both workers
// projects lease from the same lanes.

import { cloudflarePool, cloudflareTest } from '@cloudflare/vitest-pool-workers';
import type { ProvidedContext } from 'vitest';
import type { Plugin } from 'vitest/config';
import type { PoolOptions, PoolWorker, TestProject, WorkerRequest } from 'vitest/node';
import { Leases } from './leases.js';

/**
 * Lanes: two files run at once (maxWorkers), plus one so the next file need not wait for the previous file's
 * workerd to shut down before its lane is free again.
 */
export const LANES = 3;

/** What one lane's servers answer at; a file's `inject()` of these keys reads its own lane's values. */
export type LaneContext = Pick<
  ProvidedContext,
  'simulatorUrl' | 'simulatorApiBase' | 'simulatorPublicKey' | 'simulatorCustomBotPublicKey' | 'fakeOpenAIUrl' | 'collectorUrl' | 'websitesUrl'
>;

type PoolOptionsFn = Extract<Parameters<typeof cloudflarePool>[0], (...args: never[]) => unknown>;
/** Builds a file's Workers pool options (bindings) from its lane's values, as `cloudflareTest` takes them. */
export type LaneOptions = (lane: LaneContext) => Awaited<ReturnType<PoolOptionsFn>>;

const leases = new Leases(LANES);

function laneContext(project: TestProject, lane: number): LaneContext {
  const lanes = project.getProvidedContext().lanes;
  const context = lanes?.[lane];
  if (!context) throw new Error(`project ${project.name}: no lane ${lane}; the root globalSetup starts them (test/support/global-setup.ts)`);
  return context;
}

/** One test file's workerd, started with the lane it leased and giving the lane back once fully stopped. */
class LaneWorker implements PoolWorker {
  readonly name = 'cloudflare-pool';
  private inner: PoolWorker | undefined;
  private lane: number | undefined;
  private context: LaneContext | undefined;

  constructor(
    private readonly options: PoolOptions,
    private readonly laneOptions: LaneOptions,
  ) {}

  async start(): Promise<void> {
    this.lane = await leases.acquire();
    const context = laneContext(this.options.project, this.lane);
    this.context = context;
    this.inner = cloudflarePool(this.laneOptions(context)).createPoolWorker(this.options);
    await this.inner.start();
  }

  async stop(): Promise<void> {
    try {
      await this.inner?.stop();
    } finally {
      if (this.lane !== undefined) leases.release(this.lane);
      this.lane = undefined;
    }
  }

  send(message: WorkerRequest): void {
    const inner = this.started();
    if ((message.type === 'run' || message.type === 'collect') && this.context) {
      inner.send({ ...message, context: { ...message.context, providedContext: { ...message.context.providedContext, ...this.context } } });
      return;
    }
    inner.send(message);
  }

  on(event: string, callback: (arg: unknown) => void): void {
    this.started().on(event, callback);
  }

  off(event: string, callback: (arg: unknown) => void): void {
    this.started().off(event, callback);
  }

  deserialize(data: unknown): unknown {
    return this.started().deserialize(data);
  }

  private started(): PoolWorker {
    if (!this.inner) throw new Error('lane worker used before start()');
    return this.inner;
  }
}

/**
 * The Workers pool plugin for a project whose files run in lanes: `cloudflareTest` for the runtime (module
 * resolution, `cloudflare:test`), with its pool runner swapped for lane workers.
 */
export function cloudflareLanes(laneOptions: LaneOptions): Plugin[] {
  const lanes: Plugin = {
    name: 'herald:integration-lanes',
    // After cloudflareTest's own configureVitest, which installs the runner we replace.
    enforce: 'post',
    configureVitest({ project }) {
      project.config.poolRunner = { name: 'cloudflare-pool', createPoolWorker: (options) => new LaneWorker(options, laneOptions) };
    },
  };
  // cloudflareTest's own options are never used: each lane worker builds its own.
  return [cloudflareTest({}), lanes];
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** One entry per integration lane (test/support/lanes.ts), provided by test/support/global-setup.ts. */
    lanes?: LaneContext[];
  }
}

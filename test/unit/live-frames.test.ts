// Agents' frame rate (src/guild/live.ts admitFrame): AGENT_FRAME_LIMIT.perWindow frames per window, the rest
// dropped, the agent warned once per window, and a new window starts afresh.

import { describe, expect, it } from 'vitest';
import { admitFrame, AGENT_FRAME_LIMIT, type FrameWindow } from '../../src/takeover/live';

function send(count: number, start: FrameWindow | null, now: number) {
  let window = start;
  const results: { allowed: boolean; warn: boolean }[] = [];
  for (let i = 0; i < count; i++) {
    const admitted = admitFrame(window, now);
    window = admitted.window;
    results.push({ allowed: admitted.allowed, warn: admitted.warn });
  }
  return { results, window };
}

describe('admitFrame', () => {
  it('admits the window’s frames, then drops the rest and warns once', () => {
    const { results } = send(AGENT_FRAME_LIMIT.perWindow + 5, null, 1_000);
    expect(results.filter((r) => r.allowed)).toHaveLength(AGENT_FRAME_LIMIT.perWindow);
    expect(results.slice(AGENT_FRAME_LIMIT.perWindow).every((r) => !r.allowed)).toBe(true);
    expect(results.filter((r) => r.warn)).toHaveLength(1);
    expect(results[AGENT_FRAME_LIMIT.perWindow]!.warn).toBe(true);
  });

  it('starts a new window once the old one is over', () => {
    const full = send(AGENT_FRAME_LIMIT.perWindow + 1, null, 1_000).window;
    expect(admitFrame(full, 1_000 + AGENT_FRAME_LIMIT.windowMs - 1).allowed).toBe(false);
    expect(admitFrame(full, 1_000 + AGENT_FRAME_LIMIT.windowMs)).toMatchObject({ allowed: true, window: { frames: 1 } });
  });
});

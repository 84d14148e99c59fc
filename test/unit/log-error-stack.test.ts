// Every error line carries a stack, so `wrangler tail` shows where a failure came from.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logError } from '../../src/log';

function failingPart(): never {
  throw new TypeError('boom');
}

describe('logError', () => {
  afterEach(() => vi.restoreAllMocks());

  function line(): Record<string, unknown> {
    const spy = vi.mocked(console.error);
    return JSON.parse(String(spy.mock.calls.at(-1)?.[0])) as Record<string, unknown>;
  }

  it("keeps an Error's stack, with the function that threw", () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      failingPart();
    } catch (error) {
      logError('Test.part', error, { guildId: '1' });
    }
    const logged = line();
    expect(logged).toMatchObject({ at: 'Test.part', level: 'error', error: 'boom', guildId: '1' });
    expect(String(logged.stack)).toMatch(/^TypeError: boom\n/);
    expect(String(logged.stack)).toContain('failingPart');
  });

  it('gives a thrown non-Error a stack of where it was logged', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    logError('Test.string', 'plain text');
    const logged = line();
    expect(logged.error).toBe('plain text');
    expect(String(logged.stack)).toMatch(/^Error: plain text\n\s+at /);
  });
});

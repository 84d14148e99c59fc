import { describe, expect, it } from 'vitest';
import { buildCustomId, parseCustomId } from '../../src/components/custom-id';

describe('button custom_ids', () => {
  it('round-trips a feature and its arguments', () => {
    const id = buildCustomId('vote', 'up', '123456789012345678');
    expect(id).toBe('herald:vote:up:123456789012345678');
    expect(parseCustomId(id)).toEqual({ feature: 'vote', args: ['up', '123456789012345678'] });
  });

  it("ignores other bots' ids, unknown features and junk arguments", () => {
    expect(parseCustomId('other:vote:up:1')).toBeNull();
    expect(parseCustomId('herald:nuke:1')).toBeNull();
    expect(parseCustomId('herald:vote:up:1 2')).toBeNull();
    expect(parseCustomId('herald:vote:' + 'x'.repeat(100))).toBeNull();
    expect(parseCustomId('herald:__proto__')).toBeNull();
  });

  it('refuses to build an id Discord would reject or that would not parse back', () => {
    expect(() => buildCustomId('vote', 'x'.repeat(99))).toThrow();
    expect(() => buildCustomId('vote', 'a:b')).toThrow();
  });
});

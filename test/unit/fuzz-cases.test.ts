// The fuzzer's generators are replayable and keep to their lanes: case i of seed s is always the same case;
// cases with the operator's token never name the protected guild (so "its data is intact" means something);
// credential-less cases never carry a working credential (so "no object, no 2xx" means something).
import { describe, expect, it } from 'vitest';
import { generateCase, UNAUTHENTICATED_CATEGORIES, type FuzzCase, type FuzzTarget } from '../../scripts/fuzz/cases';

const TARGET: FuzzTarget = {
  adminToken: 'fuzz-admin-token',
  protectedGuildId: '333333333333333333',
  scratchGuildIds: ['444444444444444401', '444444444444444402'],
  applicationId: '100000000000000001',
  botUserId: '100000000000000001',
  eventGuildId: '555555555555555555',
  eventChannelId: '555555555555555556',
};
const CASES = 2_000;

function text(c: FuzzCase): string {
  return c.kind === 'http' ? `${c.path} ${JSON.stringify(c.headers)} ${c.body ?? ''}` : JSON.stringify(c.frame);
}

describe('fuzz case generators', () => {
  it('generate the same case for the same seed and index, and other cases for another seed', () => {
    for (const index of [0, 1, 17, 999]) expect(generateCase(7, index, TARGET)).toEqual(generateCase(7, index, TARGET));
    const a = Array.from({ length: 20 }, (_, i) => generateCase(7, i, TARGET));
    const b = Array.from({ length: 20 }, (_, i) => generateCase(8, i, TARGET));
    expect(a).not.toEqual(b);
  });

  it('never aim the operator token at the protected guild', () => {
    let operatorCases = 0;
    for (let index = 0; index < CASES; index++) {
      const c = generateCase(1, index, TARGET, ['admin-operator']);
      expect(c.category).toBe('admin-operator');
      operatorCases++;
      expect(text(c)).not.toContain(TARGET.protectedGuildId);
      expect(text(c)).not.toMatch(/\/api\/gateway\/(start|stop)/);
    }
    expect(operatorCases).toBe(CASES);
  });

  it('never give a credential-less case the operator token', () => {
    for (let index = 0; index < CASES; index++) {
      const c = generateCase(2, index, TARGET);
      if (c.kind !== 'http' || !UNAUTHENTICATED_CATEGORIES.has(c.category)) continue;
      const auth = c.headers.authorization ?? '';
      // The scheme is case-insensitive, the token is not.
      if (/^bearer\s/i.test(auth)) expect(auth.replace(/^bearer\s+/i, '').trim()).not.toBe(TARGET.adminToken);
      expect(c.sign).not.toBe('valid');
    }
  });
});

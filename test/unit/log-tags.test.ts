// One log tag means one place: a tag reused elsewhere would make `wrangler tail` lines ambiguous.
import { describe, expect, it } from 'vitest';

declare global {
  interface ImportMeta {
    /** Vite's glob import (vitest transforms it): every matching file's text, by path. */
    glob<T>(pattern: string, options: { query: '?raw'; import: 'default'; eager: true }): Record<string, T>;
  }
}

const SOURCES = import.meta.glob<string>('../../src/**/*.ts', { query: '?raw', import: 'default', eager: true });
// log('Tag', ...) and logError('Tag', ...), the tag possibly on the next line.
const CALL = /\blog(?:Error)?\(\s*'([^']+)'/g;

describe('log tags', () => {
  it('are each used at one place in src', () => {
    const places = new Map<string, string[]>();
    for (const [file, text] of Object.entries(SOURCES)) {
      for (const match of text.matchAll(CALL)) {
        const line = text.slice(0, match.index).split('\n').length;
        places.set(match[1]!, [...(places.get(match[1]!) ?? []), `${file}:${line}`]);
      }
    }
    expect(places.size).toBeGreaterThan(50);
    const reused = [...places].filter(([, at]) => at.length > 1).map(([tag, at]) => `${tag}: ${at.join(', ')}`);
    expect(reused).toEqual([]);
  });
});

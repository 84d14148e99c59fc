import { describe, expect, it } from 'vitest';
import { DISCORD_MESSAGE_LIMIT, splitMessage } from '../../src/discord/split-message';

// Content check that tolerates re-added fence lines and whitespace changes but nothing else.
function contentOf(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*```[\w+#.-]*\s*$/.test(line))
    .join('\n')
    .replace(/\s+/g, '');
}

function expectWellFormed(text: string, chunks: string[], limit: number): void {
  for (const chunk of chunks) {
    expect(chunk.length).toBeGreaterThan(0);
    expect(chunk.length).toBeLessThanOrEqual(limit);
    expect(chunk).toBe(chunk.trim());
  }
  expect(contentOf(chunks.join('\n'))).toBe(contentOf(text));
}

// Deterministic pseudo-random text so failures are reproducible.
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function randomDocument(seed: number): string {
  const random = seededRandom(seed);
  const words = ['alpha', 'beta', 'gamma', 'delta', 'refund', 'server', 'role', 'token', 'x', 'supercalifragilistic'];
  const word = (): string => words[Math.floor(random() * words.length)] ?? 'w';
  const sentence = (): string => {
    const count = 3 + Math.floor(random() * 15);
    return `${Array.from({ length: count }, word).join(' ')}${['.', '!', '?'][Math.floor(random() * 3)] ?? '.'}`;
  };
  const blocks: string[] = [];
  const blockCount = 5 + Math.floor(random() * 20);
  for (let index = 0; index < blockCount; index++) {
    const kind = random();
    if (kind < 0.5) {
      blocks.push(Array.from({ length: 1 + Math.floor(random() * 8) }, sentence).join(' '));
    } else if (kind < 0.7) {
      blocks.push(Array.from({ length: 2 + Math.floor(random() * 6) }, () => `- ${sentence()}`).join('\n'));
    } else if (kind < 0.9) {
      const lines = Array.from({ length: 1 + Math.floor(random() * 40) }, () => `  const ${word()} = "${word()}";`);
      blocks.push(['```ts', ...lines, '```'].join('\n'));
    } else {
      blocks.push(`${word()}${'🎉'.repeat(Math.floor(random() * 30))}`);
    }
  }
  return blocks.join(random() < 0.5 ? '\n\n' : '\n');
}

describe('splitMessage', () => {
  it.each([
    ['empty', ''],
    ['spaces', '   '],
    ['newlines and tabs', '\n\t\n  \r\n'],
  ])('returns no chunks for %s', (_name, text) => {
    expect(splitMessage(text)).toEqual([]);
  });

  it.each([
    ['short text', 'Hello there!', ['Hello there!']],
    ['padded text', '  \n Hello there! \n ', ['Hello there!']],
    ['exactly the limit', 'a'.repeat(DISCORD_MESSAGE_LIMIT), ['a'.repeat(DISCORD_MESSAGE_LIMIT)]],
  ])('keeps %s in one message', (_name, text, expected) => {
    expect(splitMessage(text)).toEqual(expected);
  });

  it('defaults to the Discord limit of 2000 characters', () => {
    expect(DISCORD_MESSAGE_LIMIT).toBe(2000);
    const chunks = splitMessage('word '.repeat(1000));
    expect(chunks.length).toBe(3);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(2000);
  });

  it('prefers a paragraph break over a line break', () => {
    const first = `${'a'.repeat(30)}\n${'b'.repeat(30)}`;
    const second = `${'c'.repeat(30)}\n${'d'.repeat(30)}`;
    expect(splitMessage(`${first}\n\n${second}`, 100)).toEqual([first, second]);
  });

  it('fills a message with whole lines when a paragraph is too long', () => {
    const lines = ['one '.repeat(6).trim(), 'two '.repeat(6).trim(), 'three '.repeat(6).trim(), 'four '.repeat(6).trim()];
    const chunks = splitMessage(lines.join('\n'), 60);
    expect(chunks).toEqual([`${lines[0]}\n${lines[1]}`, `${lines[2]}`, `${lines[3]}`]);
  });

  it('prefers a sentence end over a space when a single line is too long', () => {
    const text = 'This is the first sentence here. This is the second sentence here. Third one is here too.';
    expect(splitMessage(text, 70)).toEqual([
      'This is the first sentence here. This is the second sentence here.',
      'Third one is here too.',
    ]);
  });

  it.each([
    ['!', 'Wow that is great! Now continue with more words'],
    ['?', 'Did you try that? Now continue with more words'],
  ])('treats %s followed by a space as a sentence end', (_mark, text) => {
    const chunks = splitMessage(text, 35);
    expect(chunks[0]?.endsWith(_mark)).toBe(true);
  });

  it('splits at a space when a sentence is too long, and hard-cuts a word longer than the limit', () => {
    expect(splitMessage('alpha beta gamma delta epsilon', 12)).toEqual(['alpha beta', 'gamma delta', 'epsilon']);
    expect(splitMessage('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('never splits a surrogate pair when hard-cutting', () => {
    const chunks = splitMessage('🎉'.repeat(10), 5);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(5);
      expect(chunk).toMatch(/^(🎉)+$/u);
    }
    expect(chunks.join('')).toBe('🎉'.repeat(10));
  });

  it('keeps each list item whole', () => {
    const items = Array.from({ length: 12 }, (_, index) => `- Item ${index}: do the thing. Then do the other thing.`);
    const chunks = splitMessage(`Steps:\n${items.join('\n')}`, 150);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      for (const line of chunk.split('\n')) expect(['Steps:', ...items]).toContain(line);
    }
  });

  it('splits a list item only when it alone exceeds the limit', () => {
    const longItem = `- ${'Long sentence number one. '.repeat(4).trim()}`;
    const text = `- short item\n${longItem}\n- last item`;
    const chunks = splitMessage(text, 60);
    expect(chunks[0]?.split('\n')[0]).toBe('- short item');
    expect(chunks.at(-1)?.endsWith('- last item')).toBe(true);
    expect(chunks.some((chunk) => chunk.includes(longItem))).toBe(false);
    expectWellFormed(text, chunks, 60);
  });

  it('moves a code block that fits to its own message instead of cutting it', () => {
    const code = ['```ts', 'const a = 1;', '', 'const b = 2;', 'console.log(a + b);', '```'].join('\n');
    const text = `${'Some intro text. '.repeat(3).trim()}\n${code}\nAnd after.`;
    const chunks = splitMessage(text, code.length + 5);
    expect(chunks).toContain(code);
    expectWellFormed(text, chunks, code.length + 5);
  });

  it('re-fences an oversized code block with the same language tag in every piece', () => {
    const lines = Array.from({ length: 60 }, (_, index) => `const value${index} = ${index};`);
    const text = `Here is the code:\n\n\`\`\`ts\n${lines.join('\n')}\n\`\`\`\n\nThat is all.`;
    const limit = 300;
    const chunks = splitMessage(text, limit);
    const codeChunks = chunks.filter((chunk) => chunk.includes('const value'));
    expect(codeChunks.length).toBeGreaterThan(2);
    for (const chunk of codeChunks) {
      expect(chunk.startsWith('```ts\n')).toBe(true);
      expect(chunk.split('\n').filter((line) => line.startsWith('```'))).toEqual(['```ts', '```']);
    }
    for (const chunk of codeChunks.slice(0, -1)) expect(chunk.endsWith('\n```')).toBe(true);
    expect(chunks[0]).toBe('Here is the code:');
    expect(chunks.at(-1)?.endsWith('```\n\nThat is all.')).toBe(true);
    expectWellFormed(text, chunks, limit);
    // Every source line appears intact in exactly one piece.
    const pieceLines = codeChunks.flatMap((chunk) => chunk.split('\n'));
    for (const line of lines) expect(pieceLines.filter((pieceLine) => pieceLine === line)).toHaveLength(1);
  });

  it('hard-wraps a code line longer than a message and keeps fences balanced', () => {
    const text = `\`\`\`\n${'y'.repeat(250)}\n\`\`\``;
    const chunks = splitMessage(text, 100);
    for (const chunk of chunks) {
      expect(chunk.startsWith('```\n')).toBe(true);
      expect(chunk.endsWith('\n```')).toBe(true);
    }
    expectWellFormed(text, chunks, 100);
  });

  it('closes pieces of an unclosed code block except the last', () => {
    const text = `\`\`\`py\n${Array.from({ length: 30 }, (_, index) => `print(${index})`).join('\n')}`;
    const chunks = splitMessage(text, 80);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.endsWith('\n```')).toBe(true);
    for (const chunk of chunks) expect(chunk.startsWith('```py\n')).toBe(true);
    expectWellFormed(text, chunks, 80);
  });

  it('normalises CRLF line endings', () => {
    const chunks = splitMessage(`${'a'.repeat(40)}\r\n\r\n${'b'.repeat(40)}`, 50);
    expect(chunks).toEqual(['a'.repeat(40), 'b'.repeat(40)]);
  });

  it.each(Array.from({ length: 40 }, (_, index) => [index + 1, [60, 97, 200, 500, 2000][index % 5] ?? 2000]))(
    'keeps every chunk within the limit and loses no content (seed %i, limit %i)',
    (seed, limit) => {
      const text = randomDocument(seed);
      expectWellFormed(text, splitMessage(text, limit), limit);
    },
  );
});

import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_CHARS, MAX_TITLE_CHARS, chunkDocument } from '../../src/knowledge/chunk';

const words = (text: string): string[] => text.split(/\s+/).filter((word) => word.length > 0 && word !== '…');

function sentenceParagraph(label: string, count: number): string {
  return Array.from({ length: count }, (_, index) => `${label} sentence number ${index} explains a detail.`).join(' ');
}

describe('chunkDocument', () => {
  it('exports the document and title limits', () => {
    expect(MAX_DOCUMENT_CHARS).toBe(200_000);
    expect(MAX_TITLE_CHARS).toBe(200);
  });

  it.each([
    ['empty', ''],
    ['whitespace', ' \n\r\n\t '],
  ])('returns no passages for %s content', (_name, content) => {
    expect(chunkDocument(content)).toEqual([]);
  });

  it('keeps a short document as one passage', () => {
    expect(chunkDocument('  Refunds take 5 days.  ')).toEqual(['Refunds take 5 days.']);
  });

  it('normalises CRLF line endings', () => {
    expect(chunkDocument('# Title\r\n\r\nFirst line\r\nsecond line')).toEqual(['# Title\n\nFirst line\nsecond line']);
  });

  it('merges small consecutive paragraphs up to the target size', () => {
    const paragraphs = Array.from({ length: 6 }, (_, index) => `Paragraph ${index} is short.`);
    const passages = chunkDocument(paragraphs.join('\n\n'), { targetChars: 70, maxChars: 200 });
    expect(passages).toEqual([
      `${paragraphs[0]}\n\n${paragraphs[1]}\n\n${paragraphs[2]}`,
      `${paragraphs[3]}\n\n${paragraphs[4]}\n\n${paragraphs[5]}`,
    ]);
  });

  it('starts a new passage at every heading and prefixes it with that heading', () => {
    const content = ['# Billing', 'We bill monthly.', '## Refunds', 'Refunds take 5 days.', 'Ask staff for help.'].join('\n\n');
    expect(chunkDocument(content)).toEqual([
      '# Billing\n\nWe bill monthly.',
      '## Refunds\n\nRefunds take 5 days.\n\nAsk staff for help.',
    ]);
  });

  it('repeats the most recent heading on every passage of a long section', () => {
    const paragraphs = Array.from({ length: 5 }, (_, index) => sentenceParagraph(`P${index}`, 4));
    const content = `Intro without heading.\n\n## Setup guide\n\n${paragraphs.join('\n\n')}`;
    const passages = chunkDocument(content, { targetChars: 300, maxChars: 400 });
    expect(passages[0]).toBe('Intro without heading.');
    expect(passages.length).toBeGreaterThan(2);
    for (const passage of passages.slice(1)) expect(passage.startsWith('## Setup guide\n\n')).toBe(true);
  });

  it('joins consecutive headings without text between them', () => {
    expect(chunkDocument('# Billing\n## Refunds\nRefunds take 5 days.')).toEqual([
      '# Billing\n## Refunds\n\nRefunds take 5 days.',
    ]);
  });

  it('keeps a trailing heading with no text as its own passage', () => {
    expect(chunkDocument('Some text.\n\n# Coming soon')).toEqual(['Some text.', '# Coming soon']);
  });

  it('does not treat # lines inside code fences as headings', () => {
    const content = '## Install\n\n```sh\n# install the bot\nnpm i\n\nnpm start\n```';
    expect(chunkDocument(content)).toEqual([content]);
  });

  it.each([
    [{ targetChars: 200, maxChars: 300 }],
    [{ targetChars: 700, maxChars: 1200 }],
    [{ targetChars: 100, maxChars: 150 }],
  ])('splits over-long paragraphs at sentence boundaries within maxChars %o', (options) => {
    const paragraph = sentenceParagraph('Long', 60);
    const passages = chunkDocument(`# Guide\n\n${paragraph}`, options);
    expect(passages.length).toBeGreaterThan(1);
    for (const passage of passages) {
      expect(passage.length).toBeLessThanOrEqual(options.maxChars);
      expect(passage.startsWith('# Guide\n\n')).toBe(true);
      expect(passage.endsWith('.')).toBe(true);
    }
    const body = passages.map((passage) => passage.slice('# Guide\n\n'.length)).join(' ');
    expect(body).toBe(paragraph);
  });

  it('splits a sentence with no boundary at spaces, then hard-cuts, staying within maxChars', () => {
    const content = `${'word '.repeat(100)}${'x'.repeat(130)}`;
    const passages = chunkDocument(content, { targetChars: 50, maxChars: 60 });
    for (const passage of passages) expect(passage.length).toBeLessThanOrEqual(60);
    expect(passages.join('').replace(/\s/g, '')).toBe(content.replace(/\s/g, ''));
  });

  it('uses defaults of 700 target and 1200 max characters', () => {
    const paragraphs = Array.from({ length: 20 }, (_, index) => sentenceParagraph(`S${index}`, 3));
    const passages = chunkDocument(paragraphs.join('\n\n'));
    for (const passage of passages) expect(passage.length).toBeLessThanOrEqual(1200);
    // Merging stops near the target rather than the maximum.
    expect(passages.slice(0, -1).every((passage) => passage.length <= 700)).toBe(true);
    expect(passages.length).toBeGreaterThan(3);
  });

  it('loses no words across passages, apart from repeated heading prefixes', () => {
    const content = [
      '# FAQ',
      sentenceParagraph('A', 30),
      '- item one\n- item two\n- item three',
      '## Roles',
      sentenceParagraph('B', 5),
      sentenceParagraph('C', 40),
    ].join('\n\n');
    const passages = chunkDocument(content, { targetChars: 400, maxChars: 600 });
    const withoutHeadings = (text: string): string[] => words(text.split('\n').filter((line) => !line.startsWith('#')).join('\n'));
    expect(passages.flatMap(withoutHeadings)).toEqual(withoutHeadings(content));
    expect(passages.filter((passage) => passage.startsWith('# FAQ\n\n')).length).toBeGreaterThan(1);
  });

  it.each([
    [{ targetChars: 5000, maxChars: 300 }, 300],
    [{ targetChars: -1, maxChars: Number.NaN }, 1200],
  ])('clamps nonsensical options %o so no passage exceeds %i', (options, max) => {
    const passages = chunkDocument(sentenceParagraph('Z', 80), options);
    for (const passage of passages) expect(passage.length).toBeLessThanOrEqual(max);
  });
});

export const MAX_DOCUMENT_CHARS = 200_000;
export const MAX_TITLE_CHARS = 200;

export interface ChunkOptions {
  /** Small paragraphs are merged until a passage reaches about this size. */
  targetChars?: number;
  /** No passage is longer than this. */
  maxChars?: number;
}

const DEFAULT_TARGET_CHARS = 700;
const DEFAULT_MAX_CHARS = 1200;
// Smallest passage size that still leaves room for a heading prefix and some text.
const MIN_MAX_CHARS = 50;

type Block = { kind: 'heading'; text: string } | { kind: 'paragraph'; text: string };

/**
 * Splits a knowledge-base document into passages for full-text search: one topic per passage,
 * each prefixed by the heading it sits under so it reads sensibly on its own.
 */
export function chunkDocument(content: string, opts: ChunkOptions = {}): string[] {
  const maxChars = positiveOr(opts.maxChars, DEFAULT_MAX_CHARS, MIN_MAX_CHARS);
  const targetChars = Math.min(positiveOr(opts.targetChars, DEFAULT_TARGET_CHARS, 1), maxChars);
  const normalized = content.replace(/\r\n?/g, '\n').trim();
  if (normalized.length === 0) return [];

  const passages: string[] = [];
  let heading = '';
  let current = '';
  let headingHasText = false;

  const flush = (): void => {
    if (current.length > 0) passages.push(current);
    current = '';
  };
  // Long headings are clipped in the prefix so the passage body keeps most of the space.
  const prefix = (): string => (heading.length > 0 ? clip(heading, Math.floor(maxChars / 4)) : '');
  const withPrefix = (body: string): string => (prefix().length > 0 ? `${prefix()}\n\n${body}` : body);

  for (const block of parseBlocks(normalized)) {
    if (block.kind === 'heading') {
      // Consecutive headings with no text between them read as one heading ("Billing / Refunds").
      heading = headingHasText || heading.length === 0 ? block.text : `${heading}\n${block.text}`;
      headingHasText = false;
      flush();
      continue;
    }
    headingHasText = true;
    const startsPassage = current.length === 0;
    const merged = startsPassage ? withPrefix(block.text) : `${current}\n\n${block.text}`;
    if (merged.length <= targetChars || (startsPassage && merged.length <= maxChars)) {
      current = merged;
      continue;
    }
    flush();
    const single = withPrefix(block.text);
    if (single.length <= maxChars) {
      current = single;
      continue;
    }
    const bodyBudget = maxChars - (prefix().length > 0 ? prefix().length + 2 : 0);
    const pieces = packSentences(block.text, Math.min(targetChars, bodyBudget), bodyBudget).map(withPrefix);
    // The last piece stays open so a short paragraph after it can still join it.
    current = pieces.pop() ?? '';
    passages.push(...pieces);
  }
  flush();
  // A heading with nothing under it is still searchable text, so it is kept as its own passage.
  if (!headingHasText && heading.length > 0) passages.push(clip(heading, maxChars));
  return passages;
}

function positiveOr(value: number | undefined, fallback: number, minimum: number): number {
  if (value === undefined || !Number.isFinite(value) || value < 1) return fallback;
  return Math.max(minimum, Math.floor(value));
}

function clip(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, Math.max(0, maxLength - 1)).trimEnd()}…`;
}

/** Headings and paragraphs in order; a fenced code block stays one paragraph even with blank lines inside. */
function parseBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let inFence = false;
  const endParagraph = (): void => {
    const joined = paragraph.join('\n').trim();
    if (joined.length > 0) blocks.push({ kind: 'paragraph', text: joined });
    paragraph = [];
  };

  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      paragraph.push(line);
      continue;
    }
    if (inFence) {
      paragraph.push(line);
    } else if (/^ {0,3}#{1,6}\s+\S/.test(line)) {
      endParagraph();
      blocks.push({ kind: 'heading', text: line.trim() });
    } else if (line.trim().length === 0) {
      endParagraph();
    } else {
      paragraph.push(line);
    }
  }
  endParagraph();
  return blocks;
}

/** Splits an over-long paragraph into pieces of whole sentences, aiming for target and never over max. */
function packSentences(text: string, target: number, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const { sentence, separator } of splitSentences(text)) {
    for (const part of sentence.length <= max ? [sentence] : splitWords(sentence, max)) {
      const merged = current.length === 0 ? part : `${current}${separator}${part}`;
      if (current.length > 0 && merged.length > target) {
        pieces.push(current);
        current = part;
      } else {
        current = merged;
      }
    }
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

const SENTENCE_END = new Set(['.', '!', '?', '。', '！', '？']);
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']']);
const WHITESPACE = /\s/u;

/**
 * Sentences (or lines) with the separator that preceded each, so line structure survives re-joining.
 * A separator is a line break (with the spaces around it) or spaces after a sentence end and its closing
 * quotes/brackets. One pass, no regex: the old lookbehind split was quadratic on runs of quotes or spaces.
 */
function splitSentences(text: string): Array<{ sentence: string; separator: string }> {
  const sentences: Array<{ sentence: string; separator: string }> = [];
  let separator = ' ';
  let start = 0;
  let afterSentenceEnd = false;
  let index = 0;
  const emit = (end: number, next: number, nextSeparator: string): void => {
    const sentence = text.slice(start, end).trim();
    if (sentence.length > 0) sentences.push({ sentence, separator });
    separator = nextSeparator;
    start = next;
    index = next;
    afterSentenceEnd = false;
  };
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === ' ' || char === '\t' || char === '\n') {
      let end = index;
      while (text.charAt(end) === ' ' || text.charAt(end) === '\t') end++;
      if (text.charAt(end) === '\n') {
        end++;
        while (end < text.length && WHITESPACE.test(text.charAt(end))) end++;
        emit(index, end, '\n');
        continue;
      }
      if (afterSentenceEnd) {
        emit(index, end, ' ');
        continue;
      }
      // Spaces inside a sentence stay in it; the run is skipped whole so it is looked at once.
      index = end;
      afterSentenceEnd = false;
      continue;
    }
    afterSentenceEnd = SENTENCE_END.has(char) || (afterSentenceEnd && CLOSERS.has(char));
    index++;
  }
  emit(text.length, text.length, separator);
  return sentences;
}

function splitWords(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    for (const part of hardCut(word, max)) {
      const merged = current.length === 0 ? part : `${current} ${part}`;
      if (merged.length > max) {
        pieces.push(current);
        current = part;
      } else {
        current = merged;
      }
    }
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

function hardCut(word: string, max: number): string[] {
  const parts: string[] = [];
  let rest = word;
  while (rest.length > max) {
    // Keep surrogate pairs (emoji) intact.
    const lowSurrogateNext = /[\udc00-\udfff]/.test(rest.charAt(max));
    const cut = lowSurrogateNext && max > 1 ? max - 1 : max;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

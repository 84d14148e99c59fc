export const DISCORD_MESSAGE_LIMIT = 2000;

// Boundary strengths, strongest first; a split uses the strongest boundary that keeps the next unit whole.
const PARAGRAPH = 4;
const LINE = 3;
const SENTENCE = 2;
const SPACE = 1;
const ANYWHERE = 0;
const NOT_ALLOWED = -1;

const FENCE = '```';

interface PreparedText {
  text: string;
  // Half-open [start, end) ranges of fenced code blocks (or pieces of them) that must not be cut.
  codeRanges: Array<[number, number]>;
}

/**
 * Splits text into Discord-sized messages, cutting at the strongest natural boundary available and
 * keeping fenced code blocks intact (or re-fenced per piece when a block alone is too long).
 */
export function splitMessage(text: string, limit = DISCORD_MESSAGE_LIMIT): string[] {
  // A nonsensical limit must not loop forever or emit oversized messages.
  const safeLimit = Number.isFinite(limit) ? Math.max(1, Math.floor(limit)) : DISCORD_MESSAGE_LIMIT;
  const whole = text.trim();
  if (whole.length === 0) return [];
  if (whole.length <= safeLimit) return [whole];
  const trimmed = whole.replace(/\r\n?/g, '\n');

  const prepared = prepareCodeBlocks(trimmed, safeLimit);
  const tiers = boundaryTiers(prepared);
  const source = prepared.text;
  const chunks: string[] = [];

  let start = skipWhitespace(source, 0);
  while (start < source.length) {
    const rest = source.slice(start).trimEnd();
    if (rest.length <= safeLimit) {
      chunks.push(rest);
      break;
    }
    const end = chooseSplit(source, tiers, start, start + safeLimit, safeLimit);
    const chunk = source.slice(start, end).trim();
    if (chunk.length > 0) chunks.push(chunk);
    start = skipWhitespace(source, end);
  }
  return chunks;
}

function chooseSplit(source: string, tiers: Int8Array, start: number, windowEnd: number, limit: number): number {
  // Lower-tier candidates are only looked for after the last stronger one, so a chunk is filled before cutting.
  let floor = start;
  for (let tier = PARAGRAPH; tier >= ANYWHERE; tier--) {
    const candidate = lastBoundary(tiers, tier, floor, windowEnd);
    if (candidate === undefined) continue;
    if (tier === ANYWHERE || nextUnitFits(source, tiers, candidate, tier, limit)) return candidate;
    floor = candidate;
  }
  return floor > start ? floor : windowEnd;
}

function lastBoundary(tiers: Int8Array, tier: number, after: number, atMost: number): number | undefined {
  for (let position = atMost; position > after; position--) {
    if ((tiers[position] ?? NOT_ALLOWED) >= tier) return position;
  }
  return undefined;
}

// The unit after a boundary (next paragraph, line, sentence, word) stays whole if it fits in one message.
function nextUnitFits(source: string, tiers: Int8Array, from: number, tier: number, limit: number): boolean {
  let unitEnd = source.length;
  for (let position = from + 1; position < source.length; position++) {
    if ((tiers[position] ?? NOT_ALLOWED) >= tier) {
      unitEnd = position;
      break;
    }
  }
  return source.slice(from, unitEnd).trim().length <= limit;
}

function skipWhitespace(source: string, from: number): number {
  let position = from;
  while (position < source.length && /\s/.test(source.charAt(position))) position++;
  return position;
}

/** Tier of the boundary at each position (a split at p means chunk = text[..p), next = text[p..)). */
function boundaryTiers({ text, codeRanges }: PreparedText): Int8Array {
  const tiers = new Int8Array(text.length + 1).fill(NOT_ALLOWED);
  const raise = (position: number, tier: number): void => {
    if ((tiers[position] ?? NOT_ALLOWED) < tier) tiers[position] = tier;
  };

  for (let position = 1; position < text.length; position++) {
    if (!isLowSurrogate(text.charCodeAt(position))) tiers[position] = ANYWHERE;
  }
  for (let position = 0; position < text.length; position++) {
    const char = text.charAt(position);
    if (char === ' ' || char === '\t') raise(position, SPACE);
    if (char === '\n') raise(position, /^\n[ \t]*\n/.test(text.slice(position, position + 80)) ? PARAGRAPH : LINE);
  }
  // Only the first mark of a run starts a match: starting at every "!" of "!!!!…x" was quadratic.
  for (const match of text.matchAll(/(?<![.!?])[.!?]+["'”’)\]*_]*(?=[ \t])/g)) {
    raise(match.index + match[0].length, SENTENCE);
  }
  for (const [start, end] of codeRanges) {
    for (let position = start + 1; position < end; position++) tiers[position] = NOT_ALLOWED;
  }
  return tiers;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Marks fenced code blocks as uncuttable, first re-fencing any block too long for one message into pieces. */
function prepareCodeBlocks(text: string, limit: number): PreparedText {
  const lines = text.split('\n');
  const output: string[] = [];
  const codeRanges: Array<[number, number]> = [];
  let length = 0;
  const append = (piece: string): [number, number] => {
    if (output.length > 0) length += 1;
    const start = length;
    output.push(piece);
    length += piece.length;
    return [start, length];
  };

  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? '';
    if (!isFenceOpener(line)) {
      append(line);
      index++;
      continue;
    }
    let closeIndex = index + 1;
    while (closeIndex < lines.length && !isFenceCloser(lines[closeIndex] ?? '')) closeIndex++;
    const closed = closeIndex < lines.length;
    const body = lines.slice(index + 1, closeIndex);
    const closer = closed ? (lines[closeIndex] ?? FENCE) : null;
    const pieces = splitCodeBlock(line, body, closer, limit);
    if (pieces === null) {
      // A fence too long to repeat per piece: fall back to treating the block as ordinary lines.
      for (const plain of [line, ...body, ...(closer === null ? [] : [closer])]) append(plain);
    } else {
      for (const piece of pieces) codeRanges.push(append(piece));
    }
    index = closed ? closeIndex + 1 : lines.length;
  }
  return { text: output.join('\n'), codeRanges };
}

function isFenceOpener(line: string): boolean {
  const match = /^\s*`{3,}(.*)$/.exec(line);
  // A line like ```inline code``` opens and closes itself, so it does not start a block.
  return match !== null && !(match[1] ?? '').includes(FENCE);
}

function isFenceCloser(line: string): boolean {
  return line.trimEnd().endsWith(FENCE);
}

function splitCodeBlock(opener: string, body: string[], closer: string | null, limit: number): string[] | null {
  const whole = [opener, ...body, ...(closer === null ? [] : [closer])].join('\n');
  if (whole.length <= limit) return [whole];

  const reopener = opener.trim();
  const tailLength = Math.max(FENCE.length, closer?.length ?? 0);
  const capacity = limit - Math.max(opener.length, reopener.length) - 1 - 1 - tailLength;
  if (capacity < 1) return null;

  const bodies: string[][] = [];
  let current: string[] = [];
  let currentLength = 0;
  for (const line of body.flatMap((bodyLine) => hardWrap(bodyLine, capacity))) {
    const nextLength = current.length === 0 ? line.length : currentLength + 1 + line.length;
    if (current.length > 0 && nextLength > capacity) {
      bodies.push(current);
      current = [line];
      currentLength = line.length;
    } else {
      current.push(line);
      currentLength = nextLength;
    }
  }
  if (current.length > 0 || bodies.length === 0) bodies.push(current);

  return bodies.map((lines, pieceIndex) => {
    const isLast = pieceIndex === bodies.length - 1;
    const head = pieceIndex === 0 ? opener : reopener;
    const tail = isLast ? closer : FENCE;
    return [head, ...lines, ...(tail === null ? [] : [tail])].join('\n');
  });
}

function hardWrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const parts: string[] = [];
  let rest = line;
  while (rest.length > width) {
    // Never separate the two halves of a surrogate pair.
    const cut = isLowSurrogate(rest.charCodeAt(width)) && width > 1 ? width - 1 : width;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  parts.push(rest);
  return parts;
}

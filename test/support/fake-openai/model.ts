// The fake's "model": a tiny deterministic rule set, so tests can assert on what the bot gets back.
// No Node imports: this module also loads in workerd.
//
// Prompt conventions it relies on (see README notes in fake-openai.ts):
// - Knowledge: `<knowledge> … </knowledge>` in any message, passages as a line `[n] Title: <title>` followed
//   by the passage text on the next lines (until the next `[n] Title:` line or the end of the block).
// - The member's text is the LAST `user` message, without any `<knowledge>` block, and only what follows the
//   last line-start label `Message to classify:` / `My question:` / `Message:` / `Question:` if there is one.
// - Word matching uses distinct lowercase words of >= 4 letters, minus STOPWORDS (this, that, your, what, …).
// - Moderation rules: `- ` bullet lines in the FIRST system/developer message, under a line mentioning
//   "rules" (e.g. `Server rules:`) or inside `<rules> … </rules>`; a rule "forbids" the word after "no ".

import type { ChatMessage, ChatTool, Json, JsonSchema, RecordedChatRequest, ToolCall } from './types.js';

export const I_DONT_KNOW = "I don't know.";
export const QUESTION_WORDS = ['how', 'what', 'why', 'when', 'where', 'who', 'can', 'does', 'is', 'are'] as const;

export interface FakeReply {
  content: string | null;
  toolCalls: ToolCall[];
  finishReason: 'stop' | 'tool_calls';
}

// ---------------------------------------------------------------------------------------------- messages

/** Text of a message: its string content, or its text parts joined by newlines. */
export function messageText(message: ChatMessage | undefined): string {
  const content = message?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text.length > 0)
    .join('\n');
}

const KNOWLEDGE_BLOCK = /<knowledge>([\s\S]*?)<\/knowledge>/gi;

function stripKnowledge(text: string): string {
  return text.replace(KNOWLEDGE_BLOCK, ' ');
}

function userMessages(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.filter((m) => m.role === 'user');
}

/** Line-start labels after which a user message carries the member's own words (the last one wins). */
const MEMBER_TEXT_LABEL = /(?:^|\n)[ \t]*(?:message to classify|my question|message|question)[ \t]*:[ \t]*/gi;

/**
 * The member's words in a user message: without any `<knowledge>` block and, if the message has a line
 * starting with `Message to classify:`, `My question:`, `Message:` or `Question:`, only what follows the
 * last such label (so a channel transcript or preamble before it does not count).
 */
export function memberText(message: ChatMessage | undefined): string {
  const text = stripKnowledge(messageText(message));
  let start = 0;
  for (const match of text.matchAll(MEMBER_TEXT_LABEL)) start = (match.index ?? 0) + match[0].length;
  return text.slice(start).trim();
}

/** The member's text of the last user message (see memberText). */
export function lastUserText(messages: readonly ChatMessage[]): string {
  return memberText(userMessages(messages).at(-1));
}

/** The first system (or `developer`, as reasoning models get it) message. */
export function systemText(messages: readonly ChatMessage[]): string {
  return messageText(messages.find((m) => m.role === 'system' || m.role === 'developer'));
}

// --------------------------------------------------------------------------------------------- knowledge

export interface Passage {
  index: number;
  title: string;
  text: string;
}

const PASSAGE_HEADER = /^\s*\[(\d+)\]\s*Title:\s*(.*?)\s*$/i;
const PASSAGE_META = /^\s*(source|url|link)\s*:/i;

/** Every passage of every `<knowledge>` block, in order of appearance. */
export function parseKnowledge(messages: readonly ChatMessage[]): Passage[] {
  const passages: Passage[] = [];
  for (const message of messages) {
    for (const block of messageText(message).matchAll(KNOWLEDGE_BLOCK)) {
      let current: { index: number; title: string; lines: string[] } | undefined;
      const flush = () => {
        if (current) passages.push({ index: current.index, title: current.title, text: collapse(current.lines.join(' ')) });
      };
      for (const line of (block[1] ?? '').split(/\r?\n/)) {
        const header = PASSAGE_HEADER.exec(line);
        if (header) {
          flush();
          current = { index: Number(header[1]), title: header[2] ?? '', lines: [] };
        } else if (current && !PASSAGE_META.test(line)) {
          current.lines.push(line);
        }
      }
      flush();
    }
  }
  return passages;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Up to and including the first `.`, `!` or `?` that ends a sentence (or the whole text). */
export function firstSentence(text: string): string {
  const flat = collapse(text);
  const match = /^.*?[.!?](?=\s|$)/.exec(flat);
  return match ? match[0] : flat;
}

/** Common words of four letters or more that would make unrelated questions "match" a passage. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'about above after again also been before being below between both cannot could does doing down during each ' +
    'from further have having hello here hers herself himself into itself just know like more most much must myself ' +
    'need only other ours over please same should some such tell than thank thanks that their theirs them then there ' +
    'these they this those through under until very want were what when where which while whom will with would your ' +
    'yours yourself'
  ).split(' '),
);

/** Distinct lowercase words of at least four letters/digits, stopwords excluded. */
export function significantWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const [word] of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) if (word.length >= 4 && !STOPWORDS.has(word)) words.add(word);
  return words;
}

/** The passage sharing the most significant words with `query` (first one on ties), if any shares one. */
export function bestPassage(passages: readonly Passage[], query: string): Passage | undefined {
  const wanted = significantWords(query);
  let best: Passage | undefined;
  let bestScore = 0;
  for (const passage of passages) {
    let score = 0;
    for (const word of significantWords(`${passage.title} ${passage.text}`)) if (wanted.has(word)) score++;
    if (score > bestScore) {
      best = passage;
      bestScore = score;
    }
  }
  return best;
}

/** The plain-text answer: grounded in the best passage, else "I don't know.", plus the follow-up memory note. */
export function groundedAnswer(messages: readonly ChatMessage[]): string {
  const query = lastUserText(messages);
  const passage = bestPassage(parseKnowledge(messages), query);
  let answer = passage ? `According to "${passage.title}": ${firstSentence(passage.text)}` : I_DONT_KNOW;
  const users = userMessages(messages);
  const previous = users.at(-2);
  if (previous && /\b(it|that|again)\b/i.test(query)) {
    const earlier = Array.from(collapse(memberText(previous))).slice(0, 60).join('');
    answer += ` (I remember you asked about: ${earlier})`;
  }
  return answer;
}

// ------------------------------------------------------------------------------------------- judgements

/** `shouldAnswer`: a '?', a leading question word (after any leading mentions), or "help" anywhere. */
export function looksLikeQuestion(text: string): boolean {
  if (text.includes('?') || /help/i.test(text)) return true;
  const first = /^[\p{L}\p{N}']+/u.exec(text.replace(/^(\s*<@[!&]?\d+>)+/, '').trim());
  return first !== null && (QUESTION_WORDS as readonly string[]).includes(first[0].toLowerCase());
}

/** `wantsHuman`: asks for a person. */
export function wantsHuman(text: string): boolean {
  return /human|real person|agent|staff/i.test(text);
}

export interface RuleLine {
  /** The bullet's text after "- ", exactly as in the prompt (trailing whitespace removed). */
  text: string;
  /** Words following "no " in the rule, lowercase. */
  keywords: string[];
}

/** `- ` bullets under a line mentioning "rules" (or inside `<rules>`); all `- ` bullets if that finds none. */
export function parseRules(system: string): RuleLine[] {
  const lines = system.split(/\r?\n/);
  const bullet = (line: string) => /^\s*-\s+/.test(line);
  const picked = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (bullet(line) || !/\brules\b/i.test(line) || /<\/rules>/i.test(line)) continue;
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j] ?? '';
      if (bullet(next)) picked.add(j);
      else if (next.trim() !== '') break;
    }
  }
  if (picked.size === 0) lines.forEach((line, i) => bullet(line) && picked.add(i));
  return [...picked]
    .sort((a, b) => a - b)
    .map((i) => (lines[i] ?? '').replace(/^\s*-\s+/, '').replace(/\s+$/, ''))
    .filter((text) => text.length > 0)
    .map((text) => ({
      text,
      keywords: [...text.matchAll(/\bno\s+([\p{L}\p{N}]+)/giu)].map((m) => (m[1] ?? '').toLowerCase()).filter((k) => k.length >= 2),
    }));
}

export interface Violation {
  rule: RuleLine;
  /** 1-based position of the rule among the parsed rules. */
  ruleNumber: number;
  /** The member's word as it appears in the message. */
  word: string;
}

/** The first rule (in prompt order) one of whose "no X" words appears in the message (prefix match, plural-tolerant). */
export function findViolation(system: string, message: string): Violation | undefined {
  const rules = parseRules(system);
  const tokens = [...message.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]);
  for (const [i, rule] of rules.entries()) {
    for (const keyword of rule.keywords) {
      const stem = keyword.length > 3 && keyword.endsWith('s') ? keyword.slice(0, -1) : keyword;
      const word = tokens.find((token) => token.toLowerCase().startsWith(stem));
      if (word !== undefined) return { rule, ruleNumber: i + 1, word };
    }
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------ JSON schema

interface FillContext {
  root: JsonSchema;
  messages: readonly ChatMessage[];
  userText: string;
  depth: number;
}

function resolve(schema: JsonSchema | undefined, ctx: FillContext, seen = 0): JsonSchema {
  if (!schema || typeof schema !== 'object') return {};
  let out = schema;
  if (typeof out.$ref === 'string' && seen < 32) {
    const ref = out.$ref;
    let target: JsonSchema | undefined;
    if (ref === '#') target = ctx.root;
    else {
      const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
      const name = match?.[2]?.replace(/~1/g, '/').replace(/~0/g, '~');
      if (match && name !== undefined) target = (match[1] === '$defs' ? ctx.root.$defs : ctx.root.definitions)?.[name];
    }
    const { $ref: _ref, ...rest } = out;
    out = { ...resolve(target, ctx, seen + 1), ...rest };
  }
  if (Array.isArray(out.allOf) && out.allOf.length > 0) {
    const { allOf, ...rest } = out;
    let merged: JsonSchema = {};
    for (const part of allOf) {
      const r = resolve(part, ctx, seen + 1);
      merged = {
        ...merged,
        ...r,
        properties: { ...merged.properties, ...r.properties },
        required: [...(merged.required ?? []), ...(r.required ?? [])],
      };
    }
    out = { ...merged, ...rest, properties: { ...merged.properties, ...rest.properties }, required: [...(merged.required ?? []), ...(rest.required ?? [])] };
  }
  return out;
}

/** The schema's non-null branch (for `anyOf`/`oneOf`, first non-null option), resolved. */
function concrete(schema: JsonSchema | undefined, ctx: FillContext): JsonSchema {
  const s = resolve(schema, ctx);
  const options = s.anyOf ?? s.oneOf;
  if (Array.isArray(options) && options.length > 0) {
    const resolved = options.map((o) => resolve(o, ctx));
    const chosen = resolved.find((o) => primaryType(o) !== 'null') ?? resolved[0] ?? {};
    const { anyOf: _a, oneOf: _o, ...rest } = s;
    return concrete({ ...rest, ...chosen }, ctx);
  }
  return s;
}

function primaryType(s: JsonSchema): string | undefined {
  const t = Array.isArray(s.type) ? (s.type.find((x) => x !== 'null') ?? s.type[0]) : s.type;
  if (t !== undefined) return t;
  if (s.const !== undefined) return jsonType(s.const);
  if (Array.isArray(s.enum) && s.enum.length > 0) return jsonType(s.enum[0] ?? null);
  if (s.properties) return 'object';
  if (s.items || s.prefixItems) return 'array';
  return undefined;
}

function jsonType(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function fitString(value: string, s: JsonSchema): string {
  let out = value;
  const min = s.minLength ?? 0;
  if (out.length < min) out = (out === '' ? 'n/a' : out).padEnd(min, '.');
  if (s.maxLength !== undefined && out.length > s.maxLength) out = out.slice(0, s.maxLength);
  return out;
}

function fitNumber(value: number, s: JsonSchema, integer: boolean): number {
  let v = integer ? Math.round(value) : value;
  const step = integer ? 1 : 0.01;
  let lo = s.minimum ?? -Infinity;
  let hi = s.maximum ?? Infinity;
  if (s.exclusiveMinimum !== undefined) lo = Math.max(lo, s.exclusiveMinimum + step);
  if (s.exclusiveMaximum !== undefined) hi = Math.min(hi, s.exclusiveMaximum - step);
  if (integer) {
    lo = Math.ceil(lo);
    hi = Math.floor(hi);
  }
  if (v < lo) v = lo;
  if (v > hi) v = hi;
  return v;
}

function genericString(s: JsonSchema, name: string): string {
  switch (s.format) {
    case 'email':
      return 'member@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com/';
    case 'date-time':
      return '2024-01-01T00:00:00.000Z';
    case 'date':
      return '2024-01-01';
    case 'time':
      return '00:00:00';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
    default:
      return `This is the fake model's ${name}.`;
  }
}

/** A value satisfying `schema`; `preset` (if it fits the schema's type) wins over the generic value. */
function fill(schema: JsonSchema | undefined, ctx: FillContext, name: string, preset?: Json): Json {
  const s = concrete(schema, ctx);
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) {
    if (preset !== undefined && s.enum.some((e) => JSON.stringify(e) === JSON.stringify(preset))) return preset;
    return s.enum[0] ?? null;
  }
  const type = primaryType(s) ?? 'string';
  switch (type) {
    case 'object':
      return ctx.depth > 16 ? {} : fillObject(s, { ...ctx, depth: ctx.depth + 1 });
    case 'array': {
      const count = Math.max(s.minItems ?? 0, s.prefixItems?.length ?? 0);
      const items: Json[] = [];
      for (let i = 0; i < count; i++) {
        const itemSchema = s.prefixItems?.[i] ?? (Array.isArray(s.items) ? s.items[i] : s.items);
        items.push(fill(itemSchema, { ...ctx, depth: ctx.depth + 1 }, name));
      }
      return items;
    }
    case 'string':
      return fitString(typeof preset === 'string' ? preset : genericString(s, name), s);
    case 'number':
    case 'integer':
      return fitNumber(typeof preset === 'number' ? preset : type === 'integer' ? 1 : 0.5, s, type === 'integer');
    case 'boolean':
      return typeof preset === 'boolean' ? preset : false;
    case 'null':
      return null;
    default:
      return fitString(typeof preset === 'string' ? preset : genericString(s, name), s);
  }
}

function isModeration(properties: Record<string, JsonSchema>, ctx: FillContext): boolean {
  const action = properties['action'];
  if (!action) return false;
  const s = concrete(action, ctx);
  return Array.isArray(s.enum) && s.enum.length > 0;
}

function moderationPresets(properties: Record<string, JsonSchema>, ctx: FillContext): Record<string, Json> {
  const action = concrete(properties['action'], ctx);
  const values = (action.enum ?? []).filter((v): v is string => typeof v === 'string');
  const violation = findViolation(systemText(ctx.messages), ctx.userText);
  if (!violation) {
    return {
      action: values.includes('none') ? 'none' : (values[0] ?? 'none'),
      reason: 'No server rule is broken by this message.',
      confidence: 0.9,
      rule: '',
      ruleQuote: '',
      messageQuote: '',
      quote: '',
    };
  }
  const strong = values.filter((v) => v !== 'none');
  const chosen = values.includes('delete') ? 'delete' : (strong.at(-1) ?? values[0] ?? 'delete');
  const ruleType = primaryType(concrete(properties['rule'], ctx));
  return {
    action: chosen,
    reason: `The message says "${violation.word}", which breaks the rule "${violation.rule.text}".`,
    confidence: 0.95,
    rule: ruleType === 'integer' || ruleType === 'number' ? violation.ruleNumber : violation.rule.text,
    ruleQuote: violation.rule.text,
    messageQuote: violation.word,
    quote: violation.word,
  };
}

function fillObject(s: JsonSchema, ctx: FillContext): Record<string, Json> {
  const properties = s.properties ?? {};
  const presets: Record<string, Json> = {};
  if (isModeration(properties, ctx)) Object.assign(presets, moderationPresets(properties, ctx));
  const booleanProp = (key: string) => key in properties && primaryType(concrete(properties[key], ctx)) === 'boolean';
  if (booleanProp('shouldAnswer')) {
    const yes = looksLikeQuestion(ctx.userText);
    presets['shouldAnswer'] = yes;
    presets['reason'] ??= yes ? 'The message looks like a question or a request for help.' : 'The message does not look like a question.';
  }
  if (booleanProp('wantsHuman')) presets['wantsHuman'] = wantsHuman(ctx.userText);
  if ('answer' in properties && primaryType(concrete(properties['answer'], ctx)) === 'string') presets['answer'] = groundedAnswer(ctx.messages);

  const out: Record<string, Json> = {};
  for (const [key, propSchema] of Object.entries(properties)) out[key] = fill(propSchema, ctx, key, presets[key]);
  const extrasAllowed = s.additionalProperties !== false;
  for (const key of s.required ?? []) {
    if (!(key in out) && extrasAllowed) {
      const extra = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
      out[key] = fill(extra, ctx, key, presets[key]);
    }
  }
  return out;
}

/** An object satisfying `schema`, decided by the rules above from the conversation. */
export function objectFor(schema: JsonSchema | undefined, messages: readonly ChatMessage[]): Json {
  const root = schema && typeof schema === 'object' ? schema : {};
  return fill(root, { root, messages, userText: lastUserText(messages), depth: 0 }, 'value');
}

// ---------------------------------------------------------------------------------------------- replies

function forcedTool(tools: readonly ChatTool[] | null, choice: RecordedChatRequest['tool_choice']): ChatTool | undefined {
  if (!tools || tools.length === 0 || choice === null || choice === 'auto' || choice === 'none') return undefined;
  if (choice === 'required') return tools[0];
  return tools.find((t) => t.function.name === choice.function.name);
}

/** What the fake model answers to a (validated) request; `callNumber` makes tool-call ids unique. */
export function fakeReply(request: Pick<RecordedChatRequest, 'messages' | 'response_format' | 'tools' | 'tool_choice'>, callNumber = 1): FakeReply {
  const { messages, response_format: format } = request;
  const tool = forcedTool(request.tools, request.tool_choice);
  if (tool) {
    const args = objectFor(tool.function.parameters ?? { type: 'object', properties: {} }, messages);
    return {
      content: null,
      toolCalls: [{ id: `call_fake_${callNumber}`, type: 'function', function: { name: tool.function.name, arguments: JSON.stringify(args) } }],
      finishReason: 'tool_calls',
    };
  }
  if (format?.type === 'json_schema') {
    return { content: JSON.stringify(objectFor(format.json_schema.schema, messages)), toolCalls: [], finishReason: 'stop' };
  }
  if (format?.type === 'json_object') {
    return { content: JSON.stringify({ answer: groundedAnswer(messages) }), toolCalls: [], finishReason: 'stop' };
  }
  return { content: groundedAnswer(messages), toolCalls: [], finishReason: 'stop' };
}

// ------------------------------------------------------------------------------------ strict schemas

/**
 * What real OpenAI rejects (400) in a `strict: true` schema, in its words: every object must list every
 * property in `required` and set `additionalProperties: false`. (zod `.optional()` / `.default()` break this.)
 * Returns undefined when the schema is acceptable.
 */
export function strictSchemaProblem(schema: JsonSchema | undefined, path: readonly string[] = []): string | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const context = `In context=(${path.map((p) => `'${p}'`).join(', ')}${path.length === 1 ? ',' : ''})`;
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  if (types.includes('object') || (schema.properties !== undefined && schema.type === undefined)) {
    const keys = Object.keys(schema.properties ?? {});
    const missing = keys.filter((k) => !(schema.required ?? []).includes(k));
    if (missing.length > 0) {
      return `${context}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'.`;
    }
    if (schema.additionalProperties !== false) {
      return `${context}, 'additionalProperties' is required to be supplied and to be false.`;
    }
  }
  const children: [string[], JsonSchema | undefined][] = [];
  for (const [k, v] of Object.entries(schema.properties ?? {})) children.push([['properties', k], v]);
  for (const key of ['$defs', 'definitions'] as const) for (const [k, v] of Object.entries(schema[key] ?? {})) children.push([[key, k], v]);
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const) (schema[key] ?? []).forEach((v, i) => children.push([[key, String(i)], v]));
  if (Array.isArray(schema.items)) schema.items.forEach((v, i) => children.push([['items', String(i)], v]));
  else if (schema.items) children.push([['items'], schema.items]);
  for (const [sub, child] of children) {
    const problem = strictSchemaProblem(child, [...path, ...sub]);
    if (problem) return problem;
  }
  return undefined;
}

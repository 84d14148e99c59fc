// `npm run eval:moderation`: measures Herald's moderation against the labelled set in eval/moderation/
// (messages.json, labelled against rules.txt; see the `about` lines at the top of messages.json).
//
// Offline layer (always): checkMessage(parseRules(rules)) → decideModeration with every action enabled, a plain
// member (no exemptions) and no prior violations, exactly as src/guild/moderator.ts builds the proposal.
// Model layer (when OPENAI_API_KEY is set; OPENAI_BASE_URL, AI_MODEL as in src/config.ts): for the items the
// deterministic layer passes, ModelJudge judges the message against the free-text rules and verifyJudgement
// checks its quotes, as in production; 4 requests in flight.
//
// Prints, per layer: a table per action (TP, FP, FN, precision, recall) plus "any action", a confusion matrix
// (expected × predicted), per-category accuracy and the first 30 misclassified ids; the offline figures also for
// the items labelled layer 'rules' alone. Exits 0 whatever the figures (a failing model call counts as "no action",
// as in production); 1 when the data set is malformed or the script itself crashes.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModerationSettings } from '../src/guild/settings.js';
import { ACTION_ORDER, parseRules, type ModAction, type ParsedRules } from '../src/moderation/rules.js';

// checks.ts, decide.ts, judge-verify.ts and model-judge.ts use extension-less relative imports (bundler resolution,
// type-checked by tsconfig.json), which this NodeNext project cannot follow. So they are loaded at run time (tsx
// resolves them) and typed here by the parts this script uses; main() checks that the exports exist.
interface Proposal {
  action: ModAction | 'none';
  reason: string;
  rule: string;
  quote: string;
  confidence: number;
  source: 'rules' | 'ai';
}
interface Subject {
  userId: string;
  isBot: boolean;
  isOwner: boolean;
  isAdmin: boolean;
  roleIds: string[];
}
interface JudgeAnswer {
  action: 'none' | ModAction;
  reason: string;
  confidence: number;
  rule: string;
  ruleQuote: string;
  messageQuote: string;
}
interface ModerationModules {
  checkMessage(
    rules: ParsedRules,
    input: { content: string; mentionCount: number; mentionsEveryone: boolean; recentFromUser: { content: string; at: number }[]; now: number },
  ): { rule: string; reason: string; action: ModAction; quote: string } | null;
  decideModeration(
    settings: ModerationSettings,
    subject: Subject,
    channelId: string,
    proposal: Proposal | null,
    priorViolations24h: number,
    escalation: ModAction[],
  ): { act: false } | { act: true; action: ModAction };
  verifyJudgement(answer: JudgeAnswer, rulesText: string, message: string): Proposal | null;
  ModelJudge: new (options: { apiKey: string; baseUrl: string; model: string }) => { judge(rulesText: string, message: string): Promise<JudgeAnswer> };
}
type ModelJudge = InstanceType<ModerationModules['ModelJudge']>;

async function loadModules(): Promise<ModerationModules> {
  const load = (file: string): Promise<Record<string, unknown>> => import(new URL(`../src/moderation/${file}`, import.meta.url).href);
  const [checks, decide, verify, judge] = await Promise.all([load('checks.ts'), load('decide.ts'), load('judge-verify.ts'), load('model-judge.ts')]);
  const modules = { ...checks, ...decide, ...verify, ...judge };
  const missing = ['checkMessage', 'decideModeration', 'verifyJudgement', 'ModelJudge'].filter((name) => typeof modules[name] !== 'function');
  if (missing.length > 0) throw new Error(`src/moderation no longer exports ${missing.join(', ')}`);
  return modules as unknown as ModerationModules;
}

let mod: ModerationModules;

const EVAL_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'eval', 'moderation');
const CATEGORIES = ['clean', 'borderline', 'spam', 'abuse', 'scam', 'injection'] as const;
const LAYERS = ['rules', 'ai'] as const;
const OUTCOMES = ['none', ...ACTION_ORDER] as const;
const MIN_ITEMS = 200;
/** The same rules written as sentences inside lines (contract §6), evaluated offline beside rules.txt. */
const SENTENCE_RULES_FILE = 'rules-sentences.txt';
const CONCURRENCY = 4;
const MAX_LISTED = 30;
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
// As in src/guild/moderator.ts.
const EVERYONE = /@(everyone|here)\b/;
const MENTIONS = /<@!?\d+>|<@&\d+>/g;

type Category = (typeof CATEGORIES)[number];
type Layer = (typeof LAYERS)[number];
type Outcome = (typeof OUTCOMES)[number];

interface Item {
  id: string;
  category: Category;
  layer: Layer;
  content: string;
  expected: Outcome;
  notes?: string;
  history?: { content: string; secondsAgo: number }[];
}

interface Prediction {
  item: Item;
  predicted: Outcome;
}

const SETTINGS: Omit<ModerationSettings, 'rules'> = {
  enabled: true,
  actions: { delete: true, warn: true, timeout: true, kick: true, ban: true },
  timeoutMinutes: 10,
  dryRun: false,
  review: { enabled: false, channelId: null, from: 'kick' },
  automod: false,
  exemptRoleIds: [],
  exemptChannelIds: [],
};
const MEMBER: Subject = { userId: '555555555555555555', isBot: false, isOwner: false, isAdmin: false, roleIds: [] };
const CHANNEL_ID = '777777777777777777';

// ------------------------------------------------------------------------------------------------ data set

function includes<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The items, or the list of problems that make the data set unusable. */
function validate(doc: unknown): { items: Item[]; rulesFile: string } | { problems: string[] } {
  const problems: string[] = [];
  if (!isRecord(doc) || !Array.isArray(doc['items'])) return { problems: ['messages.json must be an object with an "items" array'] };
  const rulesFile = typeof doc['rules'] === 'string' ? doc['rules'] : 'rules.txt';
  const seen = new Set<string>();
  const items: Item[] = [];
  doc['items'].forEach((raw: unknown, index: number) => {
    const where = `items[${index}]`;
    if (!isRecord(raw)) {
      problems.push(`${where}: not an object`);
      return;
    }
    const { id, category, layer, content, expected, notes, history } = raw;
    const label = typeof id === 'string' && id !== '' ? id : where;
    if (typeof id !== 'string' || id === '') problems.push(`${where}: id must be a non-empty string`);
    else if (seen.has(id)) problems.push(`${label}: duplicate id`);
    else seen.add(id);
    if (!includes(CATEGORIES, category)) problems.push(`${label}: unknown category ${JSON.stringify(category)}`);
    if (!includes(LAYERS, layer)) problems.push(`${label}: layer must be 'rules' or 'ai', not ${JSON.stringify(layer)}`);
    if (typeof content !== 'string' || content.trim() === '') problems.push(`${label}: content must be a non-empty string`);
    if (!includes(OUTCOMES, expected)) problems.push(`${label}: unknown expected action ${JSON.stringify(expected)}`);
    if (notes !== undefined && typeof notes !== 'string') problems.push(`${label}: notes must be a string`);
    const historyOk =
      history === undefined ||
      (Array.isArray(history) &&
        history.every((h: unknown) => isRecord(h) && typeof h['content'] === 'string' && typeof h['secondsAgo'] === 'number' && h['secondsAgo'] >= 0));
    if (!historyOk) problems.push(`${label}: history must be [{content: string, secondsAgo: number >= 0}]`);
    if (includes(CATEGORIES, category) && includes(LAYERS, layer) && typeof content === 'string' && includes(OUTCOMES, expected) && historyOk) {
      items.push({
        id: label,
        category,
        layer,
        content,
        expected,
        ...(typeof notes === 'string' ? { notes } : {}),
        ...(history === undefined ? {} : { history: history as Item['history'] }),
      });
    }
  });
  if (doc['items'].length < MIN_ITEMS) problems.push(`only ${doc['items'].length} items; at least ${MIN_ITEMS} are needed`);
  return problems.length > 0 ? { problems } : { items, rulesFile };
}

// ------------------------------------------------------------------------------------------------- layers

function ruleProposal(rules: ParsedRules, item: Item): Proposal | null {
  const recentFromUser = (item.history ?? [])
    .map((message) => ({ content: message.content, at: NOW - message.secondsAgo * 1000 }))
    .sort((a, b) => a.at - b.at);
  const violation = mod.checkMessage(rules, {
    content: item.content,
    mentionCount: item.content.match(MENTIONS)?.length ?? 0,
    mentionsEveryone: EVERYONE.test(item.content),
    recentFromUser,
    now: NOW,
  });
  if (violation === null) return null;
  return { action: violation.action, reason: violation.reason, rule: violation.rule, quote: violation.quote, confidence: 1, source: 'rules' };
}

function decide(rulesText: string, rules: ParsedRules, proposal: Proposal | null): Outcome {
  const decision = mod.decideModeration({ ...SETTINGS, rules: rulesText }, MEMBER, CHANNEL_ID, proposal, 0, rules.escalation);
  return decision.act ? decision.action : 'none';
}

interface ModelStats {
  asked: number;
  failed: number;
  discarded: number;
  firstError: string | null;
}

async function modelProposals(items: Item[], freeText: string, judge: ModelJudge, stats: ModelStats): Promise<Map<string, Proposal | null>> {
  const results = new Map<string, Proposal | null>();
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item === undefined) continue;
      stats.asked += 1;
      try {
        const answer = await judge.judge(freeText, item.content);
        const proposal = mod.verifyJudgement(answer, freeText, item.content);
        if (proposal === null && answer.action !== 'none') stats.discarded += 1;
        results.set(item.id, proposal);
      } catch (error) {
        // As in production: a failing judge means no action.
        stats.failed += 1;
        stats.firstError ??= error instanceof Error ? error.message : String(error);
        results.set(item.id, null);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return results;
}

// ------------------------------------------------------------------------------------------------ reports

function ratio(numerator: number, denominator: number): string {
  return denominator === 0 ? '   -  ' : (numerator / denominator).toFixed(3).padStart(6);
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function report(title: string, predictions: Prediction[]): void {
  const total = predictions.length;
  const correct = predictions.filter((p) => p.predicted === p.item.expected).length;
  console.log(`\n=== ${title}: ${total} items, exact action correct ${correct}/${total} (${ratio(correct, total).trim()}) ===`);

  const actionRows = [...ACTION_ORDER, 'any action' as const].map((action) => {
    const hit = (outcome: Outcome) => (action === 'any action' ? outcome !== 'none' : outcome === action);
    const tp = predictions.filter((p) => hit(p.item.expected) && hit(p.predicted)).length;
    const fp = predictions.filter((p) => hit(p.predicted) && !hit(p.item.expected)).length;
    const fn = predictions.filter((p) => hit(p.item.expected) && !hit(p.predicted)).length;
    const support = predictions.filter((p) => hit(p.item.expected)).length;
    return [action, String(support), String(tp), String(fp), String(fn), ratio(tp, tp + fp), ratio(tp, tp + fn)];
  });
  console.log('\nPer action (support = items expected to get it; "any action" = acted or not):');
  console.log(table(['action', 'support', 'TP', 'FP', 'FN', 'precision', 'recall'], actionRows));

  console.log('\nConfusion matrix (rows: expected, columns: predicted):');
  const matrixRows = OUTCOMES.map((expected) => [
    expected,
    ...OUTCOMES.map((predicted) => String(predictions.filter((p) => p.item.expected === expected && p.predicted === predicted).length)),
    String(predictions.filter((p) => p.item.expected === expected).length),
  ]);
  console.log(table(['expected \\ predicted', ...OUTCOMES, 'total'], matrixRows));

  console.log('\nPer category:');
  const categoryRows = CATEGORIES.flatMap((category) => {
    const inCategory = predictions.filter((p) => p.item.category === category);
    if (inCategory.length === 0) return [];
    const right = inCategory.filter((p) => p.predicted === p.item.expected).length;
    const actedRight = inCategory.filter((p) => (p.predicted === 'none') === (p.item.expected === 'none')).length;
    return [[category, String(inCategory.length), String(right), ratio(right, inCategory.length), ratio(actedRight, inCategory.length)]];
  });
  console.log(table(['category', 'items', 'correct', 'accuracy', 'acted-or-not accuracy'], categoryRows));

  const wrong = predictions.filter((p) => p.predicted !== p.item.expected);
  const shown = wrong.slice(0, MAX_LISTED);
  console.log(`\nMisclassified: ${wrong.length}${wrong.length > shown.length ? ` (first ${shown.length} listed)` : ''}`);
  for (const p of shown) {
    const snippet = p.item.content.replace(/\s+/gu, ' ');
    console.log(`  ${p.item.id.padEnd(11)} [${p.item.layer}] expected ${p.item.expected.padEnd(7)} got ${p.predicted.padEnd(7)} ${JSON.stringify(snippet.length > 70 ? `${snippet.slice(0, 67)}...` : snippet)}`);
  }
}

// --------------------------------------------------------------------------------------------------- main

async function main(): Promise<number> {
  mod = await loadModules();
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(join(EVAL_DIR, 'messages.json'), 'utf8'));
  } catch (error) {
    console.error(`eval/moderation/messages.json: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const set = validate(doc);
  if ('problems' in set) {
    console.error(`eval/moderation/messages.json is malformed (${set.problems.length} problems):`);
    for (const problem of set.problems) console.error(`  ${problem}`);
    return 1;
  }
  let rulesText: string;
  try {
    rulesText = readFileSync(join(EVAL_DIR, set.rulesFile), 'utf8');
  } catch (error) {
    console.error(`eval/moderation/${set.rulesFile}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const rules = parseRules(rulesText);
  const { items } = set;

  const count = (key: 'category' | 'layer' | 'expected') => {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(item[key], (counts.get(item[key]) ?? 0) + 1);
    return [...counts].map(([name, n]) => `${name} ${n}`).join(', ');
  };
  console.log(`Herald moderation eval: ${items.length} items (${count('category')})`);
  console.log(`expected: ${count('expected')}; layer: ${count('layer')}`);
  console.log(
    `rules: ${rules.bannedTerms.length} banned terms, invites ${rules.noInvites ? 'on' : 'off'}, links ${rules.noLinks ? 'on' : 'off'}, ` +
      `mentions ${rules.mentions ? `max ${rules.mentions.max}` : 'off'}, flood ${rules.flood ? `${rules.flood.count} in ${rules.flood.windowMs / 1000}s` : 'off'}, ` +
      `${rules.freeText.length} free-text rules`,
  );

  const ruleProposals = new Map(items.map((item) => [item.id, ruleProposal(rules, item)]));
  const offline: Prediction[] = items.map((item) => ({ item, predicted: decide(rulesText, rules, ruleProposals.get(item.id) ?? null) }));
  report('Offline (deterministic rules) - all items', offline);
  report("Offline (deterministic rules) - layer 'rules' items only", offline.filter((p) => p.item.layer === 'rules'));

  // The same rules written as sentences inside lines: sentence-level parsing must read them alike.
  let sentenceText: string | null = null;
  try {
    sentenceText = readFileSync(join(EVAL_DIR, SENTENCE_RULES_FILE), 'utf8');
  } catch {
    console.log(`\n${SENTENCE_RULES_FILE} not found: sentence-level rules not evaluated.`);
  }
  if (sentenceText !== null) {
    const sentenceRules = parseRules(sentenceText);
    const sentences: Prediction[] = items.map((item) => ({ item, predicted: decide(sentenceText, sentenceRules, ruleProposal(sentenceRules, item)) }));
    const differing = sentences.filter((p, index) => p.predicted !== offline[index]?.predicted).length;
    report(`Offline, rules written as sentences (${SENTENCE_RULES_FILE}) - all items`, sentences);
    console.log(`\nSentence-level rules: ${sentenceRules.bannedTerms.length} banned terms, ${sentenceRules.freeText.length} free-text lines; ${differing} item(s) decided differently from ${set.rulesFile}.`);
  }

  const apiKey = process.env['OPENAI_API_KEY']?.trim();
  if (!apiKey) {
    console.log('\nModel layer skipped: OPENAI_API_KEY is not set.');
    return 0;
  }
  const baseUrl = (process.env['OPENAI_BASE_URL']?.trim() || 'https://api.openai.com/v1').replace(/\/+$/u, '');
  const model = process.env['AI_MODEL']?.trim() || 'gpt-4o-mini';
  const freeText = rules.freeText.join('\n');
  // As in production: the judge only sees messages the deterministic rules let through, and only when there are free-text rules.
  const toJudge = freeText === '' ? [] : items.filter((item) => ruleProposals.get(item.id) === null && item.content.trim() !== '');
  console.log(`\nModel layer: ${model} at ${baseUrl}, judging ${toJudge.length} items the rules let through (${CONCURRENCY} at a time)...`);
  const stats: ModelStats = { asked: 0, failed: 0, discarded: 0, firstError: null };
  const started = Date.now();
  const judged = await modelProposals(toJudge, freeText, new mod.ModelJudge({ apiKey, baseUrl, model }), stats);
  console.log(
    `Model layer: ${stats.asked} judged in ${((Date.now() - started) / 1000).toFixed(1)} s, ${stats.failed} failed, ` +
      `${stats.discarded} judgements discarded by verifyJudgement${stats.firstError ? `; first error: ${stats.firstError}` : ''}`,
  );
  const combined: Prediction[] = items.map((item) => ({
    item,
    predicted: decide(rulesText, rules, ruleProposals.get(item.id) ?? judged.get(item.id) ?? null),
  }));
  report('Combined (rules + model) - all items', combined);
  report("Combined (rules + model) - layer 'ai' items only", combined.filter((p) => p.item.layer === 'ai'));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('eval:moderation crashed:', error);
    process.exit(1);
  },
);

// Helpers for the workers-model tests: the fake OpenAI-compatible server's control routes (it runs in Node,
// shared by every file of the project; files run one at a time) and reading what Herald sent it.

import { inject } from 'vitest';
import { waitFor } from '../integration/support';
import type { ModelScript } from '../support/fake-openai/script';

export type { ModelScript, ScriptReply, ScriptRequest } from '../support/fake-openai/script';

export type FakeMode = 'normal' | 'error' | 'hang' | 'garbage';

export interface ModelMessage {
  role: string;
  content: string | { type: string; text?: string }[] | null;
}

/** One chat completion request as the fake recorded it. */
export interface ModelRequest {
  model: string;
  messages: ModelMessage[];
  response_format:
    | null
    | { type: 'text' }
    | { type: 'json_object' }
    | { type: 'json_schema'; json_schema: { name: string; schema?: { properties?: Record<string, unknown>; required?: string[] }; strict?: boolean | null } };
  tools: unknown[] | null;
  tool_choice: unknown;
  stream: boolean;
  at: number;
}

/** The fake's origin: `inject('fakeOpenAIUrl')` without `/v1`. */
export function fakeOrigin(): string {
  return inject('fakeOpenAIUrl').replace(/\/v1\/?$/, '');
}

async function control<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${fakeOrigin()}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`fake OpenAI ${path} → ${response.status}: ${await response.text()}`);
  return response.json<T>();
}

/** Every request the fake recorded since its last reset, oldest first. */
export function modelRequests(): Promise<ModelRequest[]> {
  return control<ModelRequest[]>('/_fake/requests');
}

export async function setModelMode(mode: FakeMode): Promise<void> {
  await control('/_fake/mode', { mode });
}

/**
 * Steers the fake model until the next reset: `script` sees every request and answers it, or returns null to
 * leave it to the default rules. It runs in the fake's Node process, so it may use only its argument and
 * literals (no imports, no variables from the test file): it is sent as its source text.
 */
export async function steerModel(script: ModelScript): Promise<void> {
  await control('/_fake/script', { source: script.toString() });
}

/** Clears the recorded requests, removes any script and goes back to mode 'normal'. */
export async function resetModel(): Promise<void> {
  await control('/_fake/reset', {});
}

/** A message's text (string content, or its text parts joined). */
export function textOf(message: ModelMessage | undefined): string {
  const content = message?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('\n');
}

export function systemPrompt(request: ModelRequest): string {
  return textOf(request.messages.find((m) => m.role === 'system'));
}

export function userMessages(request: ModelRequest): string[] {
  return request.messages.filter((m) => m.role === 'user').map(textOf);
}

export function lastUserMessage(request: ModelRequest): string {
  return userMessages(request).at(-1) ?? '';
}

/** A structured-output (smart mode) request rather than a plain answer request. */
export function isStructured(request: ModelRequest): boolean {
  return request.response_format?.type === 'json_schema' || request.response_format?.type === 'json_object';
}

/** Plain answer requests (no response_format) whose last user message satisfies `match`. */
export async function answerRequestsFor(match: (lastUser: string) => boolean): Promise<ModelRequest[]> {
  return (await modelRequests()).filter((r) => !isStructured(r) && match(lastUserMessage(r)));
}

/** The number of recorded requests now: pass it to `requestsSince` to see only what came after. */
export async function requestMark(): Promise<number> {
  return (await modelRequests()).length;
}

export async function requestsSince(mark: number): Promise<ModelRequest[]> {
  return (await modelRequests()).slice(mark);
}

/** Waits until an answer request whose last user message satisfies `match` was recorded; returns the newest. */
export async function waitForAnswerRequest(match: (lastUser: string) => boolean, what: string, timeoutMs = 8_000): Promise<ModelRequest> {
  const found = await waitFor(async () => {
    const requests = await answerRequestsFor(match);
    return requests.length ? requests : null;
  }, what, timeoutMs);
  return found.at(-1)!;
}

// Steering the fake model per test: a test installs a script, a plain function that sees each request and
// either answers it (like a real model that answers differently) or returns null to leave it to the default
// rules in model.ts. Tests run in workerd and the fake in Node, so the function travels as its source text
// (`POST /_fake/script {"source": "(request) => ..."}`) and must use nothing but its argument.
// No Node imports: the types are shared with the workerd helpers (test/model/support.ts).

import { lastUserText, systemText } from './model.js';
import type { ChatMessage, Json, RecordedChatRequest } from './types.js';

/** What the script sees of one request: the raw request plus the parts tests usually match on. */
export interface ScriptRequest {
  messages: ChatMessage[];
  /** The first system/developer message. */
  system: string;
  /** The member's words in the last user message (see memberText in model.ts). */
  user: string;
  /** Whether the request asks for structured output (json_schema / json_object, or a forced tool call). */
  structured: boolean;
  /** 1 for the first request the script sees, 2 for the next… (reset when a script is installed). */
  call: number;
}

/**
 * A script's answer: a string is the reply's text; `{ json }` is a structured reply (the JSON text as content,
 * or a forced tool call's arguments); `{ error }` answers 500 like OpenAI's server_error; null/undefined
 * lets the default rules answer.
 */
export type ScriptReply = string | { json: Json } | { error: string } | null | undefined;

export type ModelScript = (request: ScriptRequest) => ScriptReply;

/** The longest script source accepted (a test's function is a few lines). */
export const MAX_SCRIPT_CHARS = 20_000;

/** Compiles a script's source; throws a readable error when it is not a function expression. */
export function compileScript(source: string): ModelScript {
  if (source.length > MAX_SCRIPT_CHARS) throw new Error(`source: longer than ${MAX_SCRIPT_CHARS} characters`);
  let compiled: unknown;
  try {
    // Test-only code on a loopback server: evaluating the test's own function is the point.
    compiled = new Function(`"use strict"; return (${source});`)() as unknown;
  } catch (error) {
    throw new Error(`source: does not compile: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof compiled !== 'function') throw new Error('source: must be a function expression, e.g. "(request) => null"');
  return compiled as ModelScript;
}

export function scriptRequest(request: Pick<RecordedChatRequest, 'messages' | 'response_format' | 'tool_choice'>, call: number): ScriptRequest {
  const format = request.response_format?.type;
  const forcedTool = request.tool_choice !== null && typeof request.tool_choice === 'object';
  return {
    messages: request.messages,
    system: systemText(request.messages),
    user: lastUserText(request.messages),
    structured: format === 'json_schema' || format === 'json_object' || forcedTool || request.tool_choice === 'required',
    call,
  };
}

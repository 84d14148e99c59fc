// Wire types of the OpenAI Chat Completions API, as far as the fake model reads or writes them.
// Pure types: importable from Node and from workerd tests alike.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface TextPart {
  type: 'text';
  text: string;
}

/** A chat message as sent by a client (`@ai-sdk/openai` sends `content` as a string or an array of parts). */
export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool' | (string & {});
  content?: string | ({ type: string; text?: string } & Record<string, unknown>)[] | null;
  name?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
}

/** The subset of JSON Schema the fake understands (anything else is ignored). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  enum?: Json[];
  const?: Json;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  default?: Json;
  nullable?: boolean;
}

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; schema?: JsonSchema; strict?: boolean | null; description?: string } };

export interface ChatTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: JsonSchema; strict?: boolean };
}

export type ToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** One `POST /v1/chat/completions` request, as recorded by the fake (absent fields are `null`). */
export interface RecordedChatRequest {
  model: string;
  messages: ChatMessage[];
  response_format: ResponseFormat | null;
  tools: ChatTool[] | null;
  tool_choice: ToolChoice | null;
  stream: boolean;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: {
    index: 0;
    message: { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] };
    logprobs: null;
    finish_reason: 'stop' | 'tool_calls';
  }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

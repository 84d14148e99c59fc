// A local OpenAI-compatible Chat Completions server for tests and demos (Node `http`, no dependencies).
//
//   const fake = await startFakeOpenAI();            // fake.url === 'http://127.0.0.1:PORT/v1'
//   createOpenAI({ apiKey: 'x', baseURL: fake.url }).chat('gpt-4o-mini')
//
// Routes (also served without the `/v1` prefix):
//   POST /v1/chat/completions   non-streaming JSON, or SSE (`data: {chunk}` … `data: [DONE]`) when `stream: true`
//   POST /v1/embeddings        deterministic multilingual vectors (fake-openai/embeddings.ts)
//   GET  /v1/models, /v1/models/:id
// Control routes for tests that can only reach the fake over HTTP (never need the API key; also under /v1):
//   POST /_fake/mode {mode}      GET /_fake/requests (JSON array, newest last)      POST /_fake/reset
//   POST /_fake/script {source}  steer the model with a function (fake-openai/script.ts); {source: null} removes it
//   GET /_fake/embeddings (recorded embedding inputs)   POST /_fake/embeddings {fail} (embeddings alone answer 500)
//
// The answers come from a deterministic rule-based "model": see fake-openai/model.ts for the rules and the
// prompt conventions they rely on (`<knowledge>` block with `[n] Title: …` lines, rules as `- No …` bullets).

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fakeReply, messageText, strictSchemaProblem, type FakeReply } from './fake-openai/model.js';
import { compileScript, scriptRequest, type ModelScript } from './fake-openai/script.js';
import { fakeEmbedding } from './fake-openai/embeddings.js';
import type {
  ChatCompletion,
  ChatMessage,
  ChatTool,
  OpenAIErrorBody,
  RecordedChatRequest,
  ResponseFormat,
  ToolCall,
  ToolChoice,
} from './fake-openai/types.js';

export type { ChatMessage, RecordedChatRequest } from './fake-openai/types.js';
export type { ModelScript, ScriptReply, ScriptRequest } from './fake-openai/script.js';
export { fakeReply, I_DONT_KNOW } from './fake-openai/model.js';

/** normal: answer; error: 500 with OpenAI's error JSON; hang: never answer (until closed); garbage: 200 with non-JSON. */
export type FakeMode = 'normal' | 'error' | 'hang' | 'garbage';
export const FAKE_MODES: readonly FakeMode[] = ['normal', 'error', 'hang', 'garbage'];

export interface FakeOpenAI {
  /** Base URL for `createOpenAI({ baseURL })`: `http://HOST:PORT/v1`. */
  url: string;
  /** `http://HOST:PORT` (the control routes live at `${origin}/_fake/...`, and also at `${url}/_fake/...`). */
  origin: string;
  /** Recorded chat completion requests, newest last (the live array). */
  requests: RecordedChatRequest[];
  close(): Promise<void>;
  setMode(mode: FakeMode): void;
  /** Clear the recorded requests, remove any script and go back to mode 'normal' (same as `POST /_fake/reset`). */
  reset(): void;
  /** Steer the model (null: back to the default rules); same as `POST /_fake/script`. */
  setScript(script: ModelScript | null): void;
}

export interface FakeOpenAIOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** If set, `/v1` routes require `Authorization: Bearer <apiKey>`, else 401 with OpenAI's error JSON. */
  apiKey?: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

function errorBody(message: string, type: string, code: string | null = null, param: string | null = null): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'We could not parse the JSON body of your request.', 'invalid_request_error');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface ParsedChatRequest extends RecordedChatRequest {
  includeUsage: boolean;
}

function parseChatRequest(body: unknown): ParsedChatRequest {
  if (!isRecord(body)) throw new HttpError(400, 'The request body must be a JSON object.', 'invalid_request_error');
  const { model, messages, response_format, tools, tool_choice, stream, stream_options } = body;
  if (typeof model !== 'string' || model === '') {
    throw new HttpError(400, 'you must provide a model parameter', 'invalid_request_error', null, 'model');
  }
  if (!Array.isArray(messages) || messages.length === 0 || !messages.every((m) => isRecord(m) && typeof m['role'] === 'string')) {
    throw new HttpError(400, "'messages' must be a non-empty array of messages with a 'role'.", 'invalid_request_error', null, 'messages');
  }
  let format: ResponseFormat | null = null;
  if (response_format !== undefined && response_format !== null) {
    const ok =
      isRecord(response_format) &&
      (response_format['type'] === 'text' ||
        response_format['type'] === 'json_object' ||
        (response_format['type'] === 'json_schema' && isRecord(response_format['json_schema'])));
    if (!ok) throw new HttpError(400, "Invalid 'response_format'.", 'invalid_request_error', null, 'response_format');
    format = response_format as ResponseFormat;
  }
  if (tools !== undefined && tools !== null) {
    const ok = Array.isArray(tools) && tools.every((t) => isRecord(t) && isRecord(t['function']) && typeof t['function']['name'] === 'string');
    if (!ok) throw new HttpError(400, "Invalid 'tools'.", 'invalid_request_error', null, 'tools');
  }
  const choice = tool_choice === undefined ? null : (tool_choice as ToolChoice | null);
  if (isRecord(choice) && !(isRecord(choice['function']) && typeof choice['function']['name'] === 'string')) {
    throw new HttpError(400, "Invalid 'tool_choice'.", 'invalid_request_error', null, 'tool_choice');
  }
  return {
    model,
    messages: messages as ChatMessage[],
    response_format: format,
    tools: Array.isArray(tools) ? (tools as ChatTool[]) : null,
    tool_choice: choice,
    stream: stream === true,
    at: Date.now(),
    includeUsage: isRecord(stream_options) && stream_options['include_usage'] === true,
  };
}

/** 400 like real OpenAI for `strict: true` schemas it would refuse (the fake would otherwise hide the bug). */
function rejectInvalidStrictSchemas(request: RecordedChatRequest): void {
  const format = request.response_format;
  if (format?.type === 'json_schema' && format.json_schema.strict === true) {
    const problem = strictSchemaProblem(format.json_schema.schema);
    if (problem) {
      const name = format.json_schema.name;
      throw new HttpError(400, `Invalid schema for response_format '${name}': ${problem}`, 'invalid_request_error', null, 'response_format');
    }
  }
  (request.tools ?? []).forEach((tool, i) => {
    if (tool.function.strict !== true) return;
    const problem = strictSchemaProblem(tool.function.parameters);
    if (problem) {
      const name = tool.function.name;
      throw new HttpError(400, `Invalid schema for function '${name}': ${problem}`, 'invalid_request_error', null, `tools[${i}].function.parameters`);
    }
  });
}

/** Rough token counts (four characters a token), deterministic. */
function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const host = opts.host ?? '127.0.0.1';
  const requests: RecordedChatRequest[] = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  let mode: FakeMode = 'normal';
  let counter = 0;
  let closed = false;
  let script: { run: ModelScript; calls: number } | null = null;
  const embeddingRequests: { model: string; input: string[]; at: number }[] = [];
  let embeddingsFail = false;

  const setMode = (next: FakeMode) => {
    if (!FAKE_MODES.includes(next)) throw new Error(`unknown fake OpenAI mode: ${String(next)}`);
    mode = next;
  };
  const reset = () => {
    requests.length = 0;
    embeddingRequests.length = 0;
    embeddingsFail = false;
    mode = 'normal';
    script = null;
  };
  const setScript = (next: ModelScript | null) => {
    script = next ? { run: next, calls: 0 } : null;
  };

  /** The script's answer as a reply, or null to let the default rules answer. */
  const scriptedReply = (request: RecordedChatRequest, callNumber: number): FakeReply | null => {
    if (!script) return null;
    script.calls++;
    let answer: ReturnType<ModelScript>;
    try {
      answer = script.run(scriptRequest(request, script.calls));
    } catch (error) {
      throw new HttpError(500, `fake model script failed: ${error instanceof Error ? error.message : String(error)}`, 'server_error');
    }
    if (answer === null || answer === undefined) return null;
    if (typeof answer === 'string') return { content: answer, toolCalls: [], finishReason: 'stop' };
    if ('error' in answer) throw new HttpError(500, answer.error, 'server_error');
    const text = JSON.stringify(answer.json);
    const tool = request.tool_choice !== null && typeof request.tool_choice === 'object' ? request.tool_choice.function.name : request.tool_choice === 'required' ? request.tools?.[0]?.function.name : undefined;
    if (tool) return { content: null, toolCalls: [{ id: `call_fake_${callNumber}`, type: 'function', function: { name: tool, arguments: text } }], finishReason: 'tool_calls' };
    return { content: text, toolCalls: [], finishReason: 'stop' };
  };

  const checkAuth = (req: IncomingMessage) => {
    if (opts.apiKey === undefined) return;
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.*)$/i.exec(header);
    const key = match?.[1]?.trim() ?? '';
    if (key === '') {
      throw new HttpError(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        'invalid_request_error',
      );
    }
    if (key !== opts.apiKey) {
      const masked = key.length > 8 ? `${key.slice(0, 3)}***${key.slice(-4)}` : '***';
      throw new HttpError(401, `Incorrect API key provided: ${masked}.`, 'invalid_request_error', 'invalid_api_key');
    }
  };

  const completion = (request: RecordedChatRequest): ChatCompletion => {
    counter++;
    const reply = scriptedReply(request, counter) ?? fakeReply(request, counter);
    const promptText = request.messages.map((m) => messageText(m)).join('\n');
    const outText = reply.content ?? reply.toolCalls.map((c) => c.function.arguments).join('');
    const usage = { prompt_tokens: tokens(promptText), completion_tokens: tokens(outText), total_tokens: 0 };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    const message: ChatCompletion['choices'][number]['message'] = { role: 'assistant', content: reply.content };
    if (reply.toolCalls.length > 0) message.tool_calls = reply.toolCalls;
    return {
      id: `chatcmpl-fake-${counter}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: reply.finishReason }],
      usage,
    };
  };

  const streamCompletion = (res: ServerResponse, done: ChatCompletion, includeUsage: boolean) => {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const choice = done.choices[0];
    const base = { id: done.id, object: 'chat.completion.chunk', created: done.created, model: done.model };
    const send = (chunk: unknown) => res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    const delta = (d: Record<string, unknown>, finish: string | null = null) =>
      send({ ...base, choices: [{ index: 0, delta: d, logprobs: null, finish_reason: finish }] });
    delta({ role: 'assistant', content: '' });
    const content = choice?.message.content ?? null;
    if (content !== null) {
      // A few words per chunk, so clients really have to concatenate deltas.
      const pieces = content.match(/\S+\s*/g) ?? [content];
      for (let i = 0; i < pieces.length; i += 3) delta({ content: pieces.slice(i, i + 3).join('') });
    }
    (choice?.message.tool_calls ?? []).forEach((call: ToolCall, index: number) => {
      delta({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] });
      delta({ tool_calls: [{ index, function: { arguments: call.function.arguments } }] });
    });
    delta({}, choice?.finish_reason ?? 'stop');
    if (includeUsage) send({ ...base, choices: [], usage: done.usage });
    res.end('data: [DONE]\n\n');
  };

  const handleChat = async (req: IncomingMessage, res: ServerResponse) => {
    checkAuth(req);
    const parsed = parseChatRequest(await readJson(req));
    const { includeUsage, ...recorded } = parsed;
    requests.push(recorded);
    rejectInvalidStrictSchemas(recorded);
    switch (mode) {
      case 'error':
        sendJson(res, 500, errorBody('The server had an error while processing your request. Sorry about that!', 'server_error'));
        return;
      case 'hang':
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      case 'garbage':
        if (recorded.stream) {
          res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
          res.end('data: {this is not json\n\ndata: [DONE]\n\n');
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('<html><body>this is not JSON {</body></html>');
        }
        return;
      case 'normal': {
        const done = completion(recorded);
        if (recorded.stream) streamCompletion(res, done, includeUsage);
        else sendJson(res, 200, done);
        return;
      }
    }
  };

  // Like OpenAI: `input` is a string or an array of strings (token arrays are not supported by the fake).
  const handleEmbeddings = async (req: IncomingMessage, res: ServerResponse) => {
    checkAuth(req);
    const body = await readJson(req);
    if (!isRecord(body) || typeof body['model'] !== 'string' || body['model'] === '') {
      throw new HttpError(400, 'you must provide a model parameter', 'invalid_request_error', null, 'model');
    }
    const raw = body['input'];
    const input = typeof raw === 'string' ? [raw] : Array.isArray(raw) && raw.length > 0 && raw.every((item) => typeof item === 'string' && item !== '') ? (raw as string[]) : null;
    if (input === null || input.some((item) => item === '')) {
      throw new HttpError(400, "'input' must be a non-empty string or a non-empty array of non-empty strings.", 'invalid_request_error', null, 'input');
    }
    if (input.length > 2048) throw new HttpError(400, "'input' must have at most 2048 items.", 'invalid_request_error', null, 'input');
    embeddingRequests.push({ model: body['model'], input, at: Date.now() });
    if (embeddingsFail || mode === 'error') {
      sendJson(res, 500, errorBody('The server had an error while processing your request. Sorry about that!', 'server_error'));
      return;
    }
    const promptTokens = input.reduce((sum, text) => sum + tokens(text), 0);
    sendJson(res, 200, {
      object: 'list',
      data: input.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) })),
      model: body['model'],
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    });
  };

  const MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini'];
  const modelEntry = (id: string) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake-openai' });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const fullPath = new URL(req.url ?? '/', 'http://fake').pathname.replace(/\/+$/, '') || '/';
    const path = fullPath.startsWith('/v1/') ? fullPath.slice(3) : fullPath;

    if (path.startsWith('/_fake/')) {
      if (method === 'POST' && path === '/_fake/mode') {
        const body = await readJson(req);
        const next = isRecord(body) ? body['mode'] : undefined;
        if (typeof next !== 'string' || !(FAKE_MODES as readonly string[]).includes(next)) {
          throw new HttpError(400, `mode must be one of ${FAKE_MODES.join(', ')}`, 'invalid_request_error', null, 'mode');
        }
        setMode(next as FakeMode);
        sendJson(res, 200, { mode });
        return;
      }
      if (method === 'POST' && path === '/_fake/script') {
        const body = await readJson(req);
        const source = isRecord(body) ? body['source'] : undefined;
        if (source !== null && typeof source !== 'string') {
          throw new HttpError(400, 'source must be a function expression (a string) or null', 'invalid_request_error', null, 'source');
        }
        try {
          setScript(source === null ? null : compileScript(source));
        } catch (error) {
          throw new HttpError(400, error instanceof Error ? error.message : String(error), 'invalid_request_error', null, 'source');
        }
        sendJson(res, 200, { scripted: source !== null });
        return;
      }
      if (method === 'GET' && path === '/_fake/embeddings') return sendJson(res, 200, embeddingRequests);
      if (method === 'POST' && path === '/_fake/embeddings') {
        const body = await readJson(req);
        const fail = isRecord(body) ? body['fail'] : undefined;
        if (typeof fail !== 'boolean') throw new HttpError(400, 'fail must be a boolean', 'invalid_request_error', null, 'fail');
        embeddingsFail = fail;
        sendJson(res, 200, { fail });
        return;
      }
      if (method === 'GET' && path === '/_fake/mode') return sendJson(res, 200, { mode });
      if (method === 'GET' && path === '/_fake/requests') return sendJson(res, 200, requests);
      if (method === 'POST' && path === '/_fake/reset') {
        await readBody(req);
        reset();
        sendJson(res, 200, { ok: true, mode });
        return;
      }
      throw new HttpError(404, `Unknown control route: ${method} ${fullPath}`, 'invalid_request_error');
    }

    if (path === '/chat/completions') {
      if (method !== 'POST') throw new HttpError(405, `Method ${method} not allowed on ${fullPath}`, 'invalid_request_error');
      await handleChat(req, res);
      return;
    }
    if (path === '/embeddings') {
      if (method !== 'POST') throw new HttpError(405, `Method ${method} not allowed on ${fullPath}`, 'invalid_request_error');
      await handleEmbeddings(req, res);
      return;
    }
    if (method === 'GET' && path === '/models') {
      checkAuth(req);
      sendJson(res, 200, { object: 'list', data: MODELS.map(modelEntry) });
      return;
    }
    const modelMatch = /^\/models\/([^/]+)$/.exec(path);
    if (method === 'GET' && modelMatch?.[1]) {
      checkAuth(req);
      sendJson(res, 200, modelEntry(decodeURIComponent(modelMatch[1])));
      return;
    }
    throw new HttpError(404, `Invalid URL (${method} ${fullPath})`, 'invalid_request_error');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) sendJson(res, err.status, errorBody(err.message, err.type, err.code, err.param));
      else sendJson(res, 500, errorBody(`fake OpenAI failed: ${err instanceof Error ? err.message : String(err)}`, 'server_error'));
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: `${origin}/v1`,
    origin,
    requests,
    setMode,
    reset,
    setScript,
    close: async () => {
      if (closed) return;
      closed = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const res of hanging) res.destroy();
      hanging.clear();
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await stopped;
    },
  };
}

// What POST .../knowledge accepts: the JSON {"title","content","format"?} (format "markdown" | "text" | "html";
// without one the content is stored as given, as before), or a raw Markdown, text or HTML file with its Content-Type (text/markdown, text/plain,
// text/html) and the title in `?title=` (else the HTML <title> or the first "# " heading). HTML becomes text
// with headings kept (src/sources/html-to-text.ts), so chunking splits on them. Bodies over MAX_UPLOAD_BYTES
// are refused with 413; the text over MAX_DOCUMENT_CHARS is refused (413) by the guild actor.

import type { IRequest } from 'itty-router';
import { HttpError, isRecord, MAX_BODY_BYTES, readBodyText, readJsonBody } from '../api/http';
import { stringParam } from '../api/query';
import { htmlToText } from '../sources/html-to-text';

export type UploadFormat = 'markdown' | 'text' | 'html';
export const UPLOAD_FORMATS: readonly UploadFormat[] = ['markdown', 'text', 'html'];
/** Largest upload, JSON or raw (the same bound as every JSON body). */
export const MAX_UPLOAD_BYTES = MAX_BODY_BYTES;

const RAW_TYPES: Record<string, UploadFormat> = {
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/plain': 'text',
  'text/html': 'html',
};

export async function readKnowledgeUpload(request: IRequest): Promise<{ title: string; content: string }> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const rawFormat = RAW_TYPES[type];
  if (rawFormat) {
    const body = await readBodyText(request, MAX_UPLOAD_BYTES);
    const given = stringParam(request, 'title')?.trim() ?? '';
    return toDocument(given, body, rawFormat, 'title: give the title as ?title= (or in the file: an HTML <title> or a "# " heading)');
  }
  const body = await readJsonBody(request, { limit: MAX_UPLOAD_BYTES });
  if (!isRecord(body)) throw new HttpError(400, 'body: must be a JSON object with title and content', 'body');
  const { title, content, format } = body;
  if (typeof title !== 'string' || !title.trim()) throw new HttpError(400, 'title: must be a non-empty string', 'title');
  if (typeof content !== 'string' || !content.trim()) throw new HttpError(400, 'content: must be a non-empty string', 'content');
  if (format !== undefined && (typeof format !== 'string' || !UPLOAD_FORMATS.includes(format as UploadFormat))) {
    throw new HttpError(400, 'format: must be "markdown", "text" or "html"', 'format');
  }
  return toDocument(title.trim(), content, (format as UploadFormat | undefined) ?? 'text', 'title: must be a non-empty string');
}

async function toDocument(title: string, content: string, format: UploadFormat, missingTitle: string): Promise<{ title: string; content: string }> {
  let text = content;
  let found = '';
  if (format === 'html') {
    const page = await htmlToText(content);
    text = page.text;
    found = page.title;
  } else if (format === 'markdown') {
    text = withoutFrontMatter(content);
    found = firstHeading(text);
  }
  if (!text.trim()) throw new HttpError(400, 'content: no text found in it', 'content');
  const chosen = title || found.trim();
  if (!chosen) throw new HttpError(400, missingTitle, 'title');
  return { title: chosen, content: text };
}

/** A Markdown file's leading YAML front matter ("---" … "---") is metadata, not text to answer from. */
function withoutFrontMatter(text: string): string {
  const normalized = text.replace(/^\uFEFF/, '');
  if (!normalized.startsWith('---\n') && !normalized.startsWith('---\r\n')) return text;
  const end = normalized.indexOf('\n---', 3);
  if (end < 0) return text;
  const after = normalized.indexOf('\n', end + 4);
  return after < 0 ? '' : normalized.slice(after + 1);
}

function firstHeading(text: string): string {
  for (const line of text.split('\n', 50)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('# ')) return trimmed.slice(2).trim();
  }
  return '';
}

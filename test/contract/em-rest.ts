// The examples the em_rest pages print in one-column tables (the lookup pages and the restore-scope
// scenario), as test/fixtures/reference/em-rest-examples.json keeps them (npm run refresh-fixtures),
// and a parser for the request/response cells: "Request:  GET https://host:9398/api/…    Request
// Header:  …    Request Body:  …    Response:  200 OK    Response Body:  <…>".
import { readFileSync } from 'node:fs';
import type { EmRestExamplesFixture } from '../fixtures/reference/extract.ts';

const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/reference/em-rest-examples.json', import.meta.url), 'utf8')) as EmRestExamplesFixture;

export function emRestPages(): string[] {
  return Object.keys(FIXTURE.pages);
}

/** The one-column table cells of a page, in order. */
export function cells(page: string): string[] {
  const found = FIXTURE.pages[page];
  if (!found) throw new Error(`${page} is not in test/fixtures/reference/em-rest-examples.json`);
  return found;
}

export function cell(page: string, index: number): string {
  const found = cells(page)[index];
  if (found === undefined) throw new Error(`${page} has no cell #${index}`);
  return found;
}

export interface Exchange {
  readonly method: string;
  /** The request's path and query from /api on (the documented host dropped). */
  readonly path: string;
  /** The documented request headers, as printed ("X-RestSvcSessionId  NDRj…"). */
  readonly requestHeaders?: string;
  readonly requestBody?: string;
  readonly status: number;
  readonly responseHeaders?: string;
  /** The documented response body; absent for "None" or when the page prints none. */
  readonly responseBody?: string;
}

const LABELS = ['Request Headers', 'Request Header', 'Request Body', 'Response Headers', 'Response Header', 'Response Body', 'Request', 'Response'];

/** Splits a "Request: … Response: …" cell into its parts. */
export function exchange(text: string): Exchange {
  const parts = new Map<string, string>();
  const re = new RegExp(`(?:^|\\s{2,})(${LABELS.join('|')}):\\s+`, 'g');
  const marks = [...text.matchAll(re)];
  marks.forEach((m, i) => {
    const label = (m[1] as string).replace(/s$/, '');
    const end = marks[i + 1]?.index ?? text.length;
    parts.set(label, text.slice((m.index) + m[0].length, end).trim());
  });
  const request = /^(GET|POST|PUT|DELETE) (\S+)$/.exec(parts.get('Request') ?? '');
  const status = /^(\d{3})\b/.exec(parts.get('Response') ?? '');
  if (!request || !status) throw new Error(`not a request/response cell: ${text.slice(0, 80)}`);
  const url = request[2] as string;
  const path = url.slice(url.indexOf('/api'));
  const body = parts.get('Response Body');
  const reqBody = parts.get('Request Body');
  return {
    method: request[1] as string,
    path,
    status: Number(status[1]),
    ...(parts.has('Request Header') ? { requestHeaders: parts.get('Request Header') as string } : {}),
    ...(reqBody !== undefined && reqBody !== 'None' ? { requestBody: reqBody } : {}),
    ...(parts.has('Response Header') ? { responseHeaders: parts.get('Response Header') as string } : {}),
    ...(body !== undefined && body !== 'None' ? { responseBody: body } : {}),
  };
}

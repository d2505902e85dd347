// Shared helpers for the wire-layer tests (not a test file itself).
import assert from 'node:assert/strict';
import { WireError } from '../../src/wire/errors.ts';

export const NS = 'http://www.veeam.com/ent/v1.0';
export const LIMITS: { readonly maxDepth: number } = { maxDepth: 32 };

/**
 * Asserts that `fn` throws a WireError whose message matches every pattern, and returns the
 * message so callers can make further checks.
 */
export function expectWireError(fn: () => unknown, ...patterns: RegExp[]): string {
  let message: string | undefined;
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof WireError, `expected a WireError, got ${String(err)}`);
    assert.equal(err.name, 'WireError');
    for (const p of patterns) assert.match(err.message, p);
    message = err.message;
    return true;
  });
  return message as string;
}

/** Turns decoder output (null-prototype objects) into plain JSON data for deepStrictEqual. */
export function plain<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/**
 * Plain JSON data with every null/undefined object member removed. An omitted optional element
 * is `null` after a JSON round trip but absent after an XML one; both mean "not present".
 */
export function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = stripNulls(v);
    return out;
  }
  return value;
}

/** Wraps children in a root element bound to the Veeam namespace. */
export function doc(root: string, inner: string, extraAttrs = ''): string {
  return `<${root} xmlns="${NS}"${extraAttrs}>${inner}</${root}>`;
}

/** The top-level child elements of an encoded document, as fragments (our encoder escapes < and > in text and attributes). */
export function topLevel(xml: string, root: string): { head: string; children: string[] } | undefined {
  const open = xml.indexOf(`<${root}`);
  const startTagEnd = xml.indexOf('>', open);
  if (xml[startTagEnd - 1] === '/') return undefined;
  const end = xml.lastIndexOf(`</${root}>`);
  const body = xml.slice(startTagEnd + 1, end);
  const children: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = body.indexOf('<'); i >= 0; i = body.indexOf('<', i + 1)) {
    const close = body.indexOf('>', i);
    const tag = body.slice(i, close + 1);
    if (tag.startsWith('</')) depth--;
    else if (!tag.endsWith('/>')) depth++;
    if (depth === 0) {
      children.push(body.slice(from, close + 1));
      from = close + 1;
    }
  }
  return { head: xml.slice(0, startTagEnd + 1), children };
}

// The vendor's documented examples (reference/examples/*.md) as the tests read them: the fenced
// ```xml / ```json / ``` blocks, and the inline `…` fragments some pages give instead, kept in
// test/fixtures/reference/examples.json (npm run refresh-fixtures; the drift test compares it
// with the reference where the reference is at hand).
import { readFileSync } from 'node:fs';
import type { Block as PageBlock, ExamplePage, ExamplesFixture } from '../fixtures/reference/extract.ts';

const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/reference/examples.json', import.meta.url), 'utf8')) as ExamplesFixture;

export interface Block extends PageBlock {
  readonly file: string;
}

function page(file: string): ExamplePage {
  const found = FIXTURE.files[file];
  if (!found) throw new Error(`${file} is not an examples page of test/fixtures/reference/examples.json`);
  return found;
}

export function exampleFiles(): string[] {
  return Object.keys(FIXTURE.files).sort();
}

export function blocks(file: string): Block[] {
  return page(file).blocks.map((b) => ({ ...b, file }));
}

export function block(file: string, lang: string, index: number): string {
  const b = page(file).blocks.find((x) => x.lang === lang && x.index === index);
  if (!b) throw new Error(`${file} has no ${lang || 'plain'} block #${index}`);
  return b.text;
}

/** The inline `…` fragments of a page (outside fenced blocks), in order. */
export function inlines(file: string): string[] {
  return page(file).inlines;
}

/** The first inline fragment of the page that starts with `start`. */
export function inline(file: string, start: string): string {
  const found = inlines(file).find((f) => f.trimStart().startsWith(start));
  if (found === undefined) throw new Error(`${file} has no inline fragment starting with '${start}'`);
  return found;
}

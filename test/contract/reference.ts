// Reads the vendor's documented examples (../shared/reference/examples/*.md): the fenced
// ```xml / ```json / ``` blocks, and the inline `…` fragments some pages give instead.
import { readdirSync, readFileSync } from 'node:fs';

export const EXAMPLES_DIR = new URL('../../../shared/reference/examples/', import.meta.url);

export interface Block {
  readonly file: string;
  /** xml | json | '' (plain) */
  readonly lang: string;
  /** Index among the blocks of the same language in the file, from 0. */
  readonly index: number;
  readonly text: string;
}

export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.md') && f !== 'README.md').sort();
}

const cache = new Map<string, Block[]>();

export function blocks(file: string): Block[] {
  let list = cache.get(file);
  if (!list) {
    const text = readFileSync(new URL(file, EXAMPLES_DIR), 'utf8');
    const counts = new Map<string, number>();
    list = [...text.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => {
      const lang = m[1] ?? '';
      const index = counts.get(lang) ?? 0;
      counts.set(lang, index + 1);
      return { file, lang, index, text: (m[2] ?? '').trim() };
    });
    cache.set(file, list);
  }
  return list;
}

export function block(file: string, lang: string, index: number): string {
  const b = blocks(file).find((x) => x.lang === lang && x.index === index);
  if (!b) throw new Error(`${file} has no ${lang || 'plain'} block #${index}`);
  return b.text;
}

/** The inline `…` fragments of a page (outside fenced blocks), in order. */
export function inlines(file: string): string[] {
  const text = readFileSync(new URL(file, EXAMPLES_DIR), 'utf8').replace(/```\w*\n[\s\S]*?```/g, '');
  return [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] as string);
}

/** The first inline fragment of the page that starts with `start`. */
export function inline(file: string, start: string): string {
  const found = inlines(file).find((f) => f.trimStart().startsWith(start));
  if (found === undefined) throw new Error(`${file} has no inline fragment starting with '${start}'`);
  return found;
}

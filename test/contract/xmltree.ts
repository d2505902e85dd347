// A namespace-resolved XML tree and a structural comparison for the contract tests. Whitespace
// between elements, the XML declaration, comments and namespace declarations carry no meaning;
// element order, element namespaces, attribute sets and text do.
import { XMLParser } from 'fast-xml-parser';

export interface XNode {
  readonly ns: string;
  readonly name: string;
  /** Attributes other than namespace declarations (none of ours are namespaced). */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XNode[];
  /** Concatenated character data of an element without element children. */
  readonly text: string;
}

type Raw = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  ignorePiTags: true,
  commentPropName: '#comment',
});

function tagOf(node: Raw): string {
  for (const k of Object.keys(node)) if (k !== ':@') return k;
  return '';
}

function build(node: Raw, scope: ReadonlyMap<string, string>): XNode {
  const rawAttrs = node[':@'] ?? {};
  let inner = scope;
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      if (inner === scope) inner = new Map(scope);
      (inner as Map<string, string>).set(k === 'xmlns' ? '' : k.slice(6), v);
    }
  }
  const tag = tagOf(node);
  const i = tag.indexOf(':');
  const ns = inner.get(i < 0 ? '' : tag.slice(0, i)) ?? '';
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawAttrs)) if (k !== 'xmlns' && !k.startsWith('xmlns:')) attrs[k] = v;
  const children: XNode[] = [];
  let text = '';
  for (const child of (node[tag] as Raw[] | undefined) ?? []) {
    if ('#text' in child) text += String(child['#text']);
    else if (!('#comment' in child)) children.push(build(child, inner));
  }
  return { ns, name: i < 0 ? tag : tag.slice(i + 1), attrs, children, text: children.length ? '' : text };
}

export function parseXml(text: string): XNode {
  const nodes = (parser.parse(text) as Raw[]).filter((n) => !('#text' in n) && !('#comment' in n) && !('?xml' in n));
  if (nodes.length !== 1) throw new Error(`expected one root element, found ${nodes.length}`);
  return build(nodes[0] as Raw, new Map());
}

export interface CompareOptions {
  /** Applied to every attribute value and text before comparing (hosts, generated ids). */
  readonly normalise: (expected: string, actual: string) => [string, string];
  /** Compare only the first children of these element paths (a list cut short in the reference). */
  readonly prefixOnly?: readonly string[];
}

/** Every difference between expected and actual, as "path: what" lines; [] when they agree. */
export function compareXml(expected: XNode, actual: XNode, options: CompareOptions): string[] {
  const out: string[] = [];
  const walk = (e: XNode, a: XNode, path: string): void => {
    if (e.name !== a.name || e.ns !== a.ns) {
      out.push(`${path}: expected element {${e.ns}}${e.name}, found {${a.ns}}${a.name}`);
      return;
    }
    for (const name of new Set([...Object.keys(e.attrs), ...Object.keys(a.attrs)])) {
      const ev = e.attrs[name];
      const av = a.attrs[name];
      if (ev === undefined) out.push(`${path}/@${name}: unexpected attribute (${av})`);
      else if (av === undefined) out.push(`${path}/@${name}: missing attribute (expected ${ev})`);
      else {
        const [x, y] = options.normalise(ev, av);
        if (x !== y) out.push(`${path}/@${name}: expected '${ev}', found '${av}'`);
      }
    }
    if (e.children.length === 0 && a.children.length === 0) {
      const [x, y] = options.normalise(e.text.trim() === '' ? '' : e.text, a.text.trim() === '' ? '' : a.text);
      if (x !== y) out.push(`${path}: expected text '${e.text}', found '${a.text}'`);
      return;
    }
    const prefix = options.prefixOnly?.includes(path) ?? false;
    const n = prefix ? e.children.length : Math.max(e.children.length, a.children.length);
    const seen = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const ec = e.children[i];
      const ac = a.children[i];
      const label = (ec ?? ac) as XNode;
      const k = (seen.get(label.name) ?? 0) + 1;
      seen.set(label.name, k);
      const childPath = `${path}/${label.name}[${k}]`;
      if (!ec) out.push(`${childPath}: unexpected element`);
      else if (!ac) out.push(`${childPath}: missing element`);
      else walk(ec, ac, childPath);
    }
  };
  walk(expected, actual, `/${expected.name}`);
  return out;
}

const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;
const ORIGIN = /https?:\/\/[^/\s"']+(?=\/api\b)/g;
const TASK = /\btask-\d+\b/g;

/**
 * Hosts (scheme, host and port before /api) are ignored. Generated ids — GUIDs other than
 * `fixed` and task ids — may differ, but consistently: each id of the example stands for one id
 * of the response throughout the comparison (a bijection), so an Href pointing at the wrong
 * resource is still a difference.
 */
export function idNormaliser(fixed: ReadonlySet<string>): CompareOptions['normalise'] {
  const forward = new Map<string, string>();
  const backward = new Map<string, string>();
  let n = 0;
  const ids = (s: string): string[] => [...(s.match(GUID) ?? []), ...(s.match(TASK) ?? [])].map((g) => g.toLowerCase());
  return (expected, actual) => {
    const e = expected.replace(ORIGIN, 'ORIGIN');
    const a = actual.replace(ORIGIN, 'ORIGIN');
    const eIds = ids(e);
    const aIds = ids(a);
    if (eIds.length !== aIds.length) return [e, a];
    const placeholders = new Map<string, string>();
    for (let i = 0; i < eIds.length; i++) {
      const x = eIds[i] as string;
      const y = aIds[i] as string;
      if (fixed.has(x) || fixed.has(y)) {
        if (x !== y) return [e, a];
        continue;
      }
      const fx = forward.get(x);
      const by = backward.get(y);
      if (fx === undefined && by === undefined) {
        forward.set(x, y);
        backward.set(y, x);
      } else if (fx !== y || by !== x) {
        return [e, a];
      }
      placeholders.set(x, `ID${n++}`);
      placeholders.set(y, placeholders.get(x) as string);
    }
    const sub = (s: string): string => s.replace(GUID, (g) => placeholders.get(g.toLowerCase()) ?? g).replace(TASK, (t) => placeholders.get(t) ?? t);
    return [sub(e), sub(a)];
  };
}

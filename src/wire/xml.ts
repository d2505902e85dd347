// Generic XML codec driven by the declarations in dsl.ts: strict on element order, occurrence
// and unknown elements, lenient on what the product tolerates (XML declaration, xsd/xsi
// namespace attributes, whitespace, prefixes bound to the Veeam namespace).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { VEEAM_NS, type ComplexType, type Representation, type ScalarType, type WireType } from './dsl.ts';
import { WireError } from './errors.ts';

export interface XmlLimits {
  /** Deepest element nesting accepted in a request body. */
  readonly maxDepth: number;
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const ATTR_PREFIX = '@_';
const DOCTYPE = /<!DOCTYPE/i;

function parserFor(limits: XmlLimits): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: ATTR_PREFIX,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    // DOCTYPE is refused before parsing, so only the predefined entities and character
    // references can ever be expanded.
    processEntities: true,
    htmlEntities: false,
    ignorePiTags: true,
    maxNestedTags: limits.maxDepth,
  });
}

const parsers = new Map<number, XMLParser>();

/** Parses `text` as a `rep` document; throws WireError naming what is wrong. */
export function decodeXml<T>(rep: Representation<T>, text: string, limits: XmlLimits): T {
  if (DOCTYPE.test(text)) {
    throw new WireError('DOCTYPE declarations are not allowed in request bodies.');
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new WireError(`The request body is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col}).`);
  }
  let parser = parsers.get(limits.maxDepth);
  if (!parser) {
    parser = parserFor(limits);
    parsers.set(limits.maxDepth, parser);
  }
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(text) as OrderedNode[];
  } catch (err) {
    throw new WireError(`The request body could not be parsed as XML: ${(err as Error).message}`);
  }
  const elements = nodes.filter((n) => !('#text' in n) && !('?xml' in n) && !('#comment' in n));
  if (elements.length !== 1) {
    throw new WireError(`Expected one root element '${rep.element}'.`);
  }
  const root = elements[0] as OrderedNode;
  const name = tagOf(root);
  const { local, prefix } = splitName(name);
  if (local !== rep.element) {
    throw new WireError(`Expecting element '${rep.element}' from namespace '${VEEAM_NS}', found element '${local}'.`);
  }
  const attrs = root[':@'] ?? {};
  const nsAttr = prefix ? `${ATTR_PREFIX}xmlns:${prefix}` : `${ATTR_PREFIX}xmlns`;
  if (attrs[nsAttr] !== VEEAM_NS) {
    throw new WireError(`Expecting element '${rep.element}' from namespace '${VEEAM_NS}', found namespace '${attrs[nsAttr] ?? ''}'.`);
  }
  return decodeComplex(rep.type, root, rep.element, prefix) as T;
}

function tagOf(node: OrderedNode): string {
  for (const key of Object.keys(node)) if (key !== ':@') return key;
  return '';
}

function splitName(name: string): { local: string; prefix: string } {
  const i = name.indexOf(':');
  return i < 0 ? { local: name, prefix: '' } : { local: name.slice(i + 1), prefix: name.slice(0, i) };
}

function childNodes(node: OrderedNode): OrderedNode[] {
  return (node[tagOf(node)] as OrderedNode[] | undefined) ?? [];
}

function textOf(node: OrderedNode, path: string): string {
  let text = '';
  for (const child of childNodes(node)) {
    if ('#text' in child) text += String(child['#text']);
    else if (!('#comment' in child)) throw new WireError(`Element '${path}' has simple content; unexpected element '${splitName(tagOf(child)).local}'.`);
  }
  return text;
}

function isNil(node: OrderedNode): boolean {
  const attrs = node[':@'];
  if (!attrs) return false;
  for (const [k, v] of Object.entries(attrs)) if (k.endsWith(':nil') && v.trim() === 'true') return true;
  return false;
}

function decodeScalar<T>(type: ScalarType<T>, text: string, path: string): T {
  const value = type.fromText(text);
  if (value === undefined) throw new WireError(`Element '${path}' has invalid value '${truncate(text)}': expected ${type.expected}.`);
  return value;
}

function decodeComplex(type: ComplexType, node: OrderedNode, path: string, prefix: string): unknown {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const attrs = node[':@'] ?? {};
  for (const [name, decl] of Object.entries(type.attrs)) {
    const raw = attrs[ATTR_PREFIX + name];
    if (raw === undefined) {
      if (decl.required) throw new WireError(`Element '${path}' is missing attribute '${name}'.`);
      continue;
    }
    const value = decl.type.fromText(raw);
    if (value === undefined) throw new WireError(`Attribute '${name}' of '${path}' has invalid value '${truncate(raw)}': expected ${decl.type.expected}.`);
    out[name] = value;
  }

  const decls = Object.entries(type.children);
  const counts = new Array<number>(decls.length).fill(0);
  let at = 0;
  for (const child of childNodes(node)) {
    if ('#text' in child) {
      if (String(child['#text']).trim() !== '') throw new WireError(`Element '${path}' does not accept text content.`);
      continue;
    }
    if ('#comment' in child) continue;
    const { local, prefix: childPrefix } = splitName(tagOf(child));
    if (childPrefix !== prefix) throw new WireError(`Element '${local}' in '${path}' is not in namespace '${VEEAM_NS}'.`);
    let i = at;
    while (i < decls.length && (decls[i] as [string, { xmlName: string }])[1].xmlName !== local) i++;
    if (i === decls.length) {
      const earlier = decls.findIndex(([, d]) => d.xmlName === local);
      if (earlier >= 0 && earlier < at) {
        const [, current] = decls[at - 1] as [string, { xmlName: string }];
        throw new WireError(`Element '${local}' in '${path}' is out of order: it must come before '${current.xmlName}'.`);
      }
      throw new WireError(`Unexpected element '${local}' in '${path}'; expecting ${expecting(decls, at, counts)}.`);
    }
    for (let j = at; j < i; j++) {
      const [, skipped] = decls[j] as [string, ChildDeclLike];
      if (skipped.min === 1 && counts[j] === 0) throw new WireError(`Unexpected element '${local}' in '${path}'; expecting '${skipped.xmlName}'.`);
    }
    const [key, decl] = decls[i] as [string, ChildDeclLike];
    if (!decl.repeated && (counts[i] as number) > 0) throw new WireError(`Element '${local}' appears more than once in '${path}'.`);
    counts[i] = (counts[i] as number) + 1;
    at = i;
    const childPath = `${path}/${local}`;
    const value = isNil(child) ? null : decodeChild(decl.type, child, childPath, prefix);
    if (decl.repeated) {
      if (value === null) throw new WireError(`Element '${childPath}' cannot be nil.`);
      let list = out[key] as unknown[] | undefined;
      if (!list) out[key] = list = [];
      list.push(value);
    } else {
      out[key] = value;
    }
  }
  for (let j = at; j < decls.length; j++) requirePresent(decls[j] as [string, ChildDeclLike], counts[j] as number, path);
  for (const [key, decl] of decls) if (decl.repeated && out[key] === undefined) out[key] = [];
  if (type.jsonArrayOf !== undefined) return out[type.jsonArrayOf];
  return out;
}

interface ChildDeclLike {
  readonly xmlName: string;
  readonly type: WireType;
  readonly min: 0 | 1;
  readonly repeated: boolean;
}

function decodeChild(type: WireType, node: OrderedNode, path: string, prefix: string): unknown {
  return type.kind === 'scalar' ? decodeScalar(type, textOf(node, path), path) : decodeComplex(type, node, path, prefix);
}

function requirePresent([, decl]: [string, ChildDeclLike], count: number, path: string): void {
  if (decl.min === 1 && count === 0) throw new WireError(`Element '${path}' is missing required element '${decl.xmlName}'.`);
}

function expecting(decls: [string, ChildDeclLike][], at: number, counts: number[]): string {
  const names: string[] = [];
  for (let j = at; j < decls.length; j++) {
    const [, d] = decls[j] as [string, ChildDeclLike];
    if (!d.repeated && (counts[j] as number) > 0) continue;
    names.push(`'${d.xmlName}'`);
    if (d.min === 1 && (counts[j] as number) === 0) break;
  }
  return names.length ? names.join(' or ') : 'the end of the element';
}

function truncate(s: string): string {
  return s.length > 64 ? `${s.slice(0, 64)}…` : s;
}

// ---- encoding ----------------------------------------------------------------------------------

const ROOT_NS = ` xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="${VEEAM_NS}"`;

export function encodeXml<T>(rep: Representation<T>, value: T): string {
  const parts: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  encodeElement(parts, rep.element, rep.type, value, ROOT_NS);
  return parts.join('');
}

function encodeElement(parts: string[], name: string, type: WireType, value: unknown, extra = ''): void {
  if (type.kind === 'scalar') {
    const text = type.toText(value);
    if (text === '') parts.push('<', name, ' />');
    else parts.push('<', name, '>', escapeText(text), '</', name, '>');
    return;
  }
  const obj = (type.jsonArrayOf !== undefined ? { [type.jsonArrayOf]: value } : value) as Record<string, unknown>;
  parts.push('<', name, extra);
  for (const [attrName, decl] of Object.entries(type.attrs)) {
    const v = obj[attrName];
    if (v !== undefined && v !== null) parts.push(' ', attrName, '="', escapeAttr(decl.type.toText(v)), '"');
  }
  const start = parts.length;
  parts.push('>');
  for (const [key, decl] of Object.entries(type.children)) {
    const v = obj[key];
    if (v === undefined || v === null) continue;
    if (decl.repeated) for (const item of v as unknown[]) encodeElement(parts, decl.xmlName, decl.type, item);
    else encodeElement(parts, decl.xmlName, decl.type, v);
  }
  if (parts.length === start + 1) parts[start] = ' />';
  else parts.push('</', name, '>');
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#xD;', '\n': '&#xA;', '\t': '&#x9;' };

function escapeText(s: string): string {
  return /[&<>]/.test(s) ? s.replace(/[&<>]/g, (c) => TEXT_ESCAPES[c] as string) : s;
}

function escapeAttr(s: string): string {
  return /[&<>"\r\n\t]/.test(s) ? s.replace(/[&<>"\r\n\t]/g, (c) => TEXT_ESCAPES[c] as string) : s;
}

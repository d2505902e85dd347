// Generic JSON codec driven by the declarations in dsl.ts. Attributes and elements are members
// of one object; an omitted element is `null`, an omitted attribute is left out (as the vendor's
// representation pages show for Link.Name); list wrappers such as Links are bare arrays.
import { entriesOf, type ComplexType, type Representation, type WireType } from './dsl.ts';
import { WireError, ignore, type BodyLeniency } from './errors.ts';

export interface JsonLimits {
  readonly maxDepth: number;
}

export function decodeJson<T>(rep: Representation<T>, text: string, limits: JsonLimits & BodyLeniency): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new WireError(`The request body is not valid JSON: ${(err as Error).message}`);
  }
  if (depthExceeds(parsed, limits.maxDepth)) {
    throw new WireError(`The request body nests deeper than ${limits.maxDepth} levels.`);
  }
  return decodeValue(rep.type, parsed, rep.element, limits) as T;
}

function depthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (d > max) return true;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return false;
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function decodeValue(type: WireType, value: unknown, path: string, lenient: BodyLeniency): unknown {
  if (type.kind === 'scalar') {
    const v = type.fromJson(value);
    if (v === undefined) throw new WireError(`Member '${path}' has invalid value ${JSON.stringify(value)?.slice(0, 64)}: expected ${type.expected}.`);
    return v;
  }
  if (type.jsonArrayOf !== undefined) {
    const item = (type.children[type.jsonArrayOf] as { type: WireType }).type;
    if (!Array.isArray(value)) throw new WireError(`Member '${path}' must be an array, found ${kindOf(value)}.`);
    return value.map((v, i) => decodeValue(item, v, `${path}[${i}]`, lenient));
  }
  return decodeObject(type, value, path, lenient);
}

function decodeObject(type: ComplexType, value: unknown, path: string, lenient: BodyLeniency): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new WireError(`Member '${path}' must be an object, found ${kindOf(value)}.`);
  }
  const input = value as Record<string, unknown>;
  // A list under its XML element name (post_security_accounts.md's `"HierarchyScopeItem": {…}`).
  const byXmlName = new Map<string, string>();
  for (const [key, decl] of Object.entries(type.children)) {
    if (decl.repeated && decl.xmlName !== key && !Object.hasOwn(input, key) && Object.hasOwn(input, decl.xmlName)) byXmlName.set(decl.xmlName, key);
  }
  for (const key of Object.keys(input)) {
    if (Object.hasOwn(type.attrs, key) || Object.hasOwn(type.children, key)) continue;
    const listKey = byXmlName.get(key);
    if (listKey !== undefined) {
      if (ignore(lenient, `'${path}.${key}' read as '${listKey}'`)) continue;
      throw new WireError(`Unexpected member '${key}' in '${path}': that is the XML element name; in JSON the list is '${listKey}': [ … ].`);
    }
    // A member the declaration does not know: .NET's data-contract serializer skips it (docs/decisions.md).
    if (ignore(lenient, `member '${key}' in '${path}'`)) continue;
    throw new WireError(`Unexpected member '${key}' in '${path}'; expected ${expectedMembers(type)}.`);
  }
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, decl] of Object.entries(type.attrs)) {
    const raw = input[name];
    if (raw === undefined || raw === null) {
      if (decl.required) throw new WireError(`Member '${path}' is missing '${name}'.`);
      continue;
    }
    out[name] = decodeValue(decl.type, raw, `${path}.${name}`, lenient);
  }
  for (const [key, decl] of Object.entries(type.children)) {
    const raw = input[key] ?? (byXmlName.get(decl.xmlName) === key ? input[decl.xmlName] : undefined);
    const childPath = `${path}.${key}`;
    if (raw === undefined || raw === null) {
      if (decl.min === 1) throw new WireError(`Member '${path}' is missing required member '${key}'.`);
      if (decl.repeated) out[key] = [];
      continue;
    }
    if (decl.repeated) {
      // One object where a list is expected is a list of one, as the reference's own JSON writes it.
      const list = !Array.isArray(raw) && kindOf(raw) === 'an object' && ignore(lenient, `'${childPath}' given one object, read as a list of one`) ? [raw] : raw;
      if (!Array.isArray(list)) throw new WireError(`Member '${childPath}' must be an array, found ${kindOf(raw)}.`);
      out[key] = list.map((v, i) => decodeValue(decl.type, v, `${childPath}[${i}]`, lenient));
    } else {
      out[key] = decodeValue(decl.type, raw, childPath, lenient);
    }
  }
  return out;
}

function expectedMembers(type: ComplexType): string {
  const names = [...Object.keys(type.attrs), ...Object.keys(type.children)];
  return names.length ? names.map((n) => `'${n}'`).join(', ') : 'no members';
}

// ---- encoding ----------------------------------------------------------------------------------

export function encodeJson<T>(rep: Representation<T>, value: T): string {
  return JSON.stringify(toJsonValue(rep.type, value));
}

function toJsonValue(type: WireType, value: unknown): unknown {
  if (type.kind === 'scalar') return type.toJson(value);
  if (type.jsonArrayOf !== undefined) {
    const item = (type.children[type.jsonArrayOf] as { type: WireType }).type;
    return (value as unknown[]).map((v) => toJsonValue(item, v));
  }
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const entries = entriesOf(type);
  for (const [name, decl] of entries.attrs) {
    const v = obj[name];
    if (v !== undefined && v !== null) out[name] = decl.type.toJson(v);
  }
  for (const [key, decl] of entries.children) {
    const v = obj[key];
    if (v === undefined || v === null) out[key] = decl.repeated ? [] : null;
    else out[key] = decl.repeated ? (v as unknown[]).map((item) => toJsonValue(decl.type, item)) : toJsonValue(decl.type, v);
  }
  return out;
}

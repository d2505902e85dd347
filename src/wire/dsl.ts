// One declaration per representation type. Element order is the key order of `children`
// (string keys keep insertion order), so the same object drives the TypeScript type, the XML
// and JSON codecs, validation and the exported schemas.

export const VEEAM_NS = 'http://www.veeam.com/ent/v1.0';

/** A text value: an attribute or an element with simple content. */
export interface ScalarType<T> {
  readonly kind: 'scalar';
  readonly name: string;
  /** XML text -> value; undefined when the text is not a valid lexical form. */
  fromText(text: string): T | undefined;
  toText(value: T): string;
  /** JSON value -> value; undefined when the JSON value has the wrong type. */
  fromJson(value: unknown): T | undefined;
  toJson(value: T): string | number | boolean;
  readonly jsonSchema: Readonly<Record<string, unknown>>;
  /** Human description of the lexical space, used in error messages. */
  readonly expected: string;
}

export interface AttrDecl<T = unknown> {
  readonly type: ScalarType<T>;
  readonly required: boolean;
}

export interface ChildDecl<T = unknown> {
  readonly xmlName: string;
  readonly type: WireType<T>;
  readonly min: 0 | 1;
  readonly repeated: boolean;
}

export interface ComplexType<T = unknown> {
  readonly kind: 'complex';
  readonly name: string;
  readonly attrs: Readonly<Record<string, AttrDecl>>;
  /** Keyed by JSON member name, in XML schema order. */
  readonly children: Readonly<Record<string, ChildDecl>>;
  /**
   * In JSON a list wrapper such as `Links` is just the array of its items. The phantom field
   * carries the TypeScript type of a value.
   */
  readonly jsonArrayOf?: string;
  readonly __value?: T;
}

export type WireType<T = unknown> = ScalarType<T> | ComplexType<T>;

/**
 * A document root: an element name bound to a complex type. `E` is the element's name as a type,
 * so two representations of related types stay apart (a route row's responses, api/routes.ts).
 */
export interface Representation<T = unknown, E extends string = string> {
  readonly element: E;
  readonly type: ComplexType<T>;
}

export type Infer<W> = W extends ScalarType<infer S> ? S : W extends ComplexType<infer C> ? C : never;

// ---- scalars -------------------------------------------------------------------------------

function scalar<T>(s: Omit<ScalarType<T>, 'kind'>): ScalarType<T> {
  return Object.freeze({ kind: 'scalar', ...s });
}

export const str = scalar<string>({
  name: 'string',
  fromText: (t) => t,
  toText: (v) => v,
  fromJson: (v) => (typeof v === 'string' ? v : undefined),
  toJson: (v) => v,
  jsonSchema: { type: 'string' },
  expected: 'a string',
});

/** xsd:boolean plus the capitalised forms the vendor's own examples send ("True"). */
function booleanFromText(t: string): boolean | undefined {
  const s = t.trim().toLowerCase();
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  return undefined;
}

export const bool: ScalarType<boolean> = scalar<boolean>({
  name: 'boolean',
  fromText: booleanFromText,
  toText: (v) => (v ? 'true' : 'false'),
  fromJson: (v) => (typeof v === 'boolean' ? v : typeof v === 'string' ? booleanFromText(v) : undefined),
  toJson: (v) => v,
  jsonSchema: { type: 'boolean' },
  expected: 'true or false',
});

export const int = scalar<number>({
  name: 'int',
  fromText: (t) => (/^\s*[+-]?\d{1,15}\s*$/.test(t) ? Number(t) : undefined),
  toText: (v) => String(v),
  fromJson: (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined),
  toJson: (v) => v,
  jsonSchema: { type: 'integer' },
  expected: 'an integer',
});

export function enumeration<const V extends string>(name: string, values: readonly V[]): ScalarType<V> {
  const byLower = new Map(values.map((v) => [v.toLowerCase(), v]));
  const fromText = (t: string): V | undefined => byLower.get(t.trim().toLowerCase());
  return scalar<V>({
    name,
    fromText,
    toText: (v) => v,
    fromJson: (v) => (typeof v === 'string' ? fromText(v) : undefined),
    toJson: (v) => v,
    jsonSchema: { type: 'string', enum: [...values] },
    expected: `one of ${values.join(', ')}`,
  });
}

// ---- attributes and children -----------------------------------------------------------------

export const attr = <S extends ScalarType<unknown>>(type: S) => ({ type, required: true as const });
export const optAttr = <S extends ScalarType<unknown>>(type: S) => ({ type, required: false as const });

/** Exactly one element. The JSON key names the XML element unless `xmlName` differs. */
export const one = <W extends WireType<unknown>>(type: W, xmlName?: string) =>
  ({ type, min: 1 as const, repeated: false as const, xmlName });
/** Zero or one element. */
export const opt = <W extends WireType<unknown>>(type: W, xmlName?: string) =>
  ({ type, min: 0 as const, repeated: false as const, xmlName });
/** Zero or more elements named `xmlName`; in JSON an array under the (plural) key. */
export const many = <W extends WireType<unknown>>(type: W, xmlName: string) =>
  ({ type, min: 0 as const, repeated: true as const, xmlName });

type AttrSpec = { type: ScalarType<unknown>; required: boolean };
type ChildSpec = { type: WireType<unknown>; min: 0 | 1; repeated: boolean; xmlName: string | undefined };

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type RequiredKeys<S, Flag extends string, V> = { [K in keyof S]: S[K] extends Record<Flag, V> ? K : never }[keyof S];

type AttrValues<A extends Record<string, AttrSpec>> =
  { [K in RequiredKeys<A, 'required', true>]: Infer<A[K]['type']> } &
  { [K in Exclude<keyof A, RequiredKeys<A, 'required', true>>]?: Infer<A[K]['type']> };

type ChildValue<C extends ChildSpec> = C['repeated'] extends true ? Infer<C['type']>[] : Infer<C['type']>;
/** Repeated children are always present (possibly empty) once decoded. */
type PresentKeys<C extends Record<string, ChildSpec>> = RequiredKeys<C, 'min', 1> | RequiredKeys<C, 'repeated', true>;
type ChildValues<C extends Record<string, ChildSpec>> =
  { [K in PresentKeys<C>]: ChildValue<C[K]> } &
  { [K in Exclude<keyof C, PresentKeys<C>>]?: ChildValue<C[K]> | null };

export function complex<
  const A extends Record<string, AttrSpec> = Record<never, AttrSpec>,
  const C extends Record<string, ChildSpec> = Record<never, ChildSpec>,
>(name: string, def: { attrs?: A; children?: C }): ComplexType<Simplify<AttrValues<A> & ChildValues<C>>> {
  const children: Record<string, ChildDecl> = {};
  for (const [key, c] of Object.entries(def.children ?? {})) {
    children[key] = Object.freeze({ xmlName: c.xmlName ?? key, type: c.type, min: c.min, repeated: c.repeated });
  }
  return Object.freeze({
    kind: 'complex',
    name,
    attrs: Object.freeze({ ...(def.attrs ?? {}) }),
    children: Object.freeze(children),
  });
}

/**
 * A wrapper element holding repeated items (`<Links><Link/>…</Links>`), whose JSON form is the
 * bare array of items.
 */
export function arrayWrapper<T>(name: string, itemElement: string, item: ComplexType<T>): ComplexType<T[]> {
  return Object.freeze({
    kind: 'complex',
    name,
    attrs: Object.freeze({}),
    children: Object.freeze({
      [itemElement]: Object.freeze({ xmlName: itemElement, type: item, min: 0, repeated: true }),
    }),
    jsonArrayOf: itemElement,
  });
}

export function representation<T, const E extends string>(element: E, type: ComplexType<T>): Representation<T, E> {
  return Object.freeze({ element, type });
}

export interface Entries {
  readonly attrs: readonly (readonly [string, AttrDecl])[];
  readonly children: readonly (readonly [string, ChildDecl])[];
}

const entriesCache = new WeakMap<ComplexType, Entries>();

/** A declaration's attributes and children in order, listed once: the encoders run per request. */
export function entriesOf(type: ComplexType): Entries {
  let entries = entriesCache.get(type);
  if (!entries) {
    entries = { attrs: Object.entries(type.attrs), children: Object.entries(type.children) };
    entriesCache.set(type, entries);
  }
  return entries;
}

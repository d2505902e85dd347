// An XML Schema for the registered representations, generated from the same declarations the
// codecs use (`emsec export xsd`). Target namespace http://www.veeam.com/ent/v1.0, elements
// qualified. Every registered representation is a global element; every complex type a named
// xs:complexType with its children as an xs:sequence in schema order.
//
// The schema describes what emsec accepts, so it is as lenient as the decoder where the decoder
// is lenient in the lexical space: booleans also accept the capitalised forms the vendor's own
// examples send ("True"), and optional elements may be xsi:nil. Enumerations list the canonical
// values (the decoder also accepts them in any case).
import { VEEAM_NS, type ComplexType, type Representation, type ScalarType, type WireType } from './dsl.ts';
import { REPRESENTATIONS } from './registry.ts';

const XS = 'http://www.w3.org/2001/XMLSchema';
const BOOLEAN = 'BooleanType';

interface Collected {
  readonly complex: Map<string, ComplexType>;
  readonly simple: Map<string, ScalarType<unknown>>;
}

/** Named simple types: enumerations and our lenient boolean; other scalars map to xs: types. */
function simpleTypeName(t: ScalarType<unknown>): string {
  const schema = t.jsonSchema as { type?: unknown; enum?: unknown };
  if (Array.isArray(schema.enum)) return t.name;
  if (schema.type === 'boolean') return BOOLEAN;
  if (schema.type === 'integer') return 'xs:long';
  if (schema.type === 'number') return 'xs:double';
  return 'xs:string';
}

function collect(reps: readonly Representation<unknown>[]): Collected {
  const out: Collected = { complex: new Map(), simple: new Map() };
  const visitScalar = (t: ScalarType<unknown>): void => {
    const name = simpleTypeName(t);
    if (name.startsWith('xs:')) return;
    const seen = out.simple.get(name);
    if (seen && seen !== t && name !== BOOLEAN) throw new Error(`Two different simple types are both named '${name}'.`);
    if (!seen) out.simple.set(name, t);
  };
  const visit = (t: WireType): void => {
    if (t.kind === 'scalar') return visitScalar(t);
    const seen = out.complex.get(t.name);
    if (seen === t) return;
    if (seen) throw new Error(`Two different complex types are both named '${t.name}'.`);
    out.complex.set(t.name, t);
    for (const a of Object.values(t.attrs)) visitScalar(a.type);
    for (const c of Object.values(t.children)) visit(c.type);
  };
  for (const rep of reps) visit(rep.type);
  return out;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function typeRef(t: WireType): string {
  return t.kind === 'scalar' ? simpleTypeName(t) : t.name;
}

function complexTypeXsd(t: ComplexType): string[] {
  const lines: string[] = [];
  const children = Object.values(t.children);
  const attrs = Object.entries(t.attrs);
  if (children.length === 0 && attrs.length === 0) return [`  <xs:complexType name="${esc(t.name)}" />`];
  lines.push(`  <xs:complexType name="${esc(t.name)}">`);
  if (children.length > 0) {
    lines.push('    <xs:sequence>');
    for (const c of children) {
      const occurs = c.repeated ? ' minOccurs="0" maxOccurs="unbounded"' : c.min === 0 ? ' minOccurs="0" nillable="true"' : '';
      lines.push(`      <xs:element name="${esc(c.xmlName)}" type="${esc(typeRef(c.type))}"${occurs} />`);
    }
    lines.push('    </xs:sequence>');
  }
  for (const [name, a] of attrs) {
    lines.push(`    <xs:attribute name="${esc(name)}" type="${esc(typeRef(a.type))}"${a.required ? ' use="required"' : ''} />`);
  }
  lines.push('  </xs:complexType>');
  return lines;
}

function simpleTypeXsd(name: string, t: ScalarType<unknown>): string[] {
  if (name === BOOLEAN) {
    return [
      `  <xs:simpleType name="${BOOLEAN}">`,
      '    <xs:annotation><xs:documentation>xs:boolean, also in the capitalised forms the vendor\'s examples send (True, False).</xs:documentation></xs:annotation>',
      '    <xs:restriction base="xs:token">',
      '      <xs:pattern value="[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|1|0" />',
      '    </xs:restriction>',
      '  </xs:simpleType>',
    ];
  }
  const values = (t.jsonSchema as { enum: readonly string[] }).enum;
  return [
    `  <xs:simpleType name="${esc(name)}">`,
    '    <xs:restriction base="xs:token">',
    ...values.map((v) => `      <xs:enumeration value="${esc(v)}" />`),
    '    </xs:restriction>',
    '  </xs:simpleType>',
  ];
}

/** The schema document for `reps` (by default every registered representation). */
export function generateXsd(reps: readonly Representation<unknown>[] = REPRESENTATIONS): string {
  const elements = new Map<string, Representation<unknown>>();
  for (const rep of reps) {
    const seen = elements.get(rep.element);
    if (seen && seen.type !== rep.type) throw new Error(`Root element '${rep.element}' is declared with two types.`);
    elements.set(rep.element, rep);
  }
  const { complex, simple } = collect(reps);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!-- Generated by emsec (emsec export xsd) from the declarations in src/wire. Do not edit. -->',
    `<xs:schema xmlns:xs="${XS}" xmlns="${VEEAM_NS}" targetNamespace="${VEEAM_NS}" elementFormDefault="qualified" attributeFormDefault="unqualified">`,
  ];
  for (const rep of elements.values()) lines.push(`  <xs:element name="${esc(rep.element)}" type="${esc(rep.type.name)}" />`);
  for (const t of complex.values()) lines.push(...complexTypeXsd(t));
  for (const [name, t] of simple) lines.push(...simpleTypeXsd(name, t));
  lines.push('</xs:schema>', '');
  return lines.join('\n');
}

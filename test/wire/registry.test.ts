// Every registered representation, by construction: the registry is complete and unambiguous,
// and for each declaration (whoever adds it) random values derived from the declaration itself
// survive encode -> decode in XML and JSON, their XML validates against the exported XSD, and
// their JSON against the OpenAPI schema.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ROUTES } from '../../src/api/routes.ts';
import type { ComplexType, Representation, ScalarType, WireType } from '../../src/wire/dsl.ts';
import { decodeJson, encodeJson } from '../../src/wire/json.ts';
import { generateOpenApi } from '../../src/wire/openapi.ts';
import { REPRESENTATIONS } from '../../src/wire/registry.ts';
import { decodeXml, encodeXml } from '../../src/wire/xml.ts';
import { generateXsd } from '../../src/wire/xsd.ts';
import { WireError } from '../../src/wire/errors.ts';
import { LIMITS, plain, stripNulls, topLevel } from './helpers.ts';
import { xsdErrors } from '../helpers/xsd.ts';

/** XML-safe text, including markup characters, non-ASCII and surrounding spaces. */
const text = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
    { weight: 1, arbitrary: fc.constantFrom('&', '<', '>', '"', "'", ' ', ']]>', 'é', '日本', '😀') },
  ),
  maxLength: 10,
});

function scalarArb(t: ScalarType<unknown>): fc.Arbitrary<unknown> {
  const s = t.jsonSchema as { type?: string; enum?: string[] };
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.type === 'boolean') return fc.boolean();
  if (s.type === 'integer') return fc.integer({ min: -1_000_000, max: 1_000_000 });
  return text;
}

/** Random values of any declaration: optional members absent or null, lists of 0 to 2 items. */
export function arbitraryOf(t: WireType): fc.Arbitrary<unknown> {
  if (t.kind === 'scalar') return scalarArb(t as ScalarType<unknown>);
  const c = t as ComplexType;
  if (c.jsonArrayOf !== undefined) return fc.array(arbitraryOf((c.children[c.jsonArrayOf] as { type: WireType }).type), { maxLength: 2 });
  const required: Record<string, fc.Arbitrary<unknown>> = {};
  const optional: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, a] of Object.entries(c.attrs)) (a.required ? required : optional)[name] = scalarArb(a.type as ScalarType<unknown>);
  for (const [key, d] of Object.entries(c.children)) {
    if (d.repeated) required[key] = fc.array(arbitraryOf(d.type), { maxLength: 2 });
    else if (d.min === 1) required[key] = arbitraryOf(d.type);
    else optional[key] = fc.option(arbitraryOf(d.type), { nil: null });
  }
  return fc.tuple(fc.record(required), fc.record(optional, { requiredKeys: [] })).map(([r, o]) => ({ ...r, ...o }));
}

const norm = (v: unknown): unknown => stripNulls(plain(v));
const RUNS = { numRuns: 40 };

describe('the registry', () => {
  it('names each root element once', () => {
    const names = REPRESENTATIONS.map((r) => r.element);
    assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
  });

  it('holds every representation a route sends or accepts', () => {
    const registered = new Set(REPRESENTATIONS);
    for (const route of ROUTES) {
      for (const rep of [...route.responses, ...(route.request ? [route.request] : [])]) assert.ok(registered.has(rep), `${route.id}: ${rep.element} is not in src/wire/registry.ts`);
    }
  });

  it('gives distinct types distinct names (the XSD and OpenAPI name types)', () => {
    assert.doesNotThrow(() => generateXsd());
    assert.doesNotThrow(() => generateOpenApi(ROUTES, { version: 'test' }));
  });
});

describe('every registered declaration', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(generateOpenApi(ROUTES, { version: 'test' }), 'openapi');

  for (const rep of REPRESENTATIONS as Representation<unknown>[]) {
    const arb = arbitraryOf(rep.type as WireType);

    it(`${rep.element}: XML and JSON round trips keep the value and the text`, () => {
      fc.assert(fc.property(arb, (value) => {
        const x = encodeXml(rep, value);
        const fromXml = decodeXml(rep, x, LIMITS);
        assert.deepStrictEqual(norm(fromXml), norm(value));
        assert.equal(encodeXml(rep, fromXml), x);
        const j = encodeJson(rep, value);
        const fromJson = decodeJson(rep, j, LIMITS);
        assert.deepStrictEqual(norm(fromJson), norm(value));
        assert.equal(encodeJson(rep, fromJson), j);
      }), RUNS);
    });

    it(`${rep.element}: JSON validates against the OpenAPI schema`, () => {
      const validate = ajv.getSchema(`openapi#/components/schemas/${rep.element}`);
      assert.ok(validate, 'schema exists');
      fc.assert(fc.property(arb, (value) => {
        const j = JSON.parse(encodeJson(rep, value)) as unknown;
        assert.ok(validate(j), JSON.stringify(validate.errors));
      }), RUNS);
    });

    it(`${rep.element}: XML validates against the exported XSD`, async () => {
      const samples = fc.sample(arb, { numRuns: 20, seed: 42 });
      const errors = await xsdErrors(...samples.map((v) => encodeXml(rep, v)));
      assert.deepEqual(errors.slice(0, 10), []);
    });
  }
});


describe('every registered declaration refuses its children out of schema order', () => {
  for (const rep of REPRESENTATIONS as Representation<unknown>[]) {
    const order = Object.values(rep.type.children).map((c) => c.xmlName);
    if (order.length < 2) continue;
    it(`${rep.element}: a permutation of the child elements decodes only when it keeps schema order`, () => {
      const cases = arbitraryOf(rep.type as WireType).chain((value) => {
        const parts = topLevel(encodeXml(rep, value), rep.element);
        const n = parts?.children.length ?? 0;
        return fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }).map((perm) => ({ parts, perm }));
      });
      let refused = 0;
      fc.assert(fc.property(cases, ({ parts, perm }) => {
        if (!parts || parts.children.length < 2) return;
        const children = perm.map((i) => parts.children[i] as string);
        const doc = `${parts.head}${children.join('')}</${rep.element}>`;
        const ranks = children.map((c) => order.indexOf((/^<([A-Za-z]+)/.exec(c) as RegExpExecArray)[1] as string));
        if (ranks.every((r, i) => i === 0 || r >= (ranks[i - 1] as number))) {
          assert.doesNotThrow(() => decodeXml(rep, doc, LIMITS));
        } else {
          refused++;
          assert.throws(() => decodeXml(rep, doc, LIMITS), (e: unknown) => e instanceof WireError && /out of order|Unexpected element|more than once/.test(e.message));
        }
      }), { numRuns: 60 });
      assert.ok(refused > 0, 'some permutations were out of order');
    });
  }
});

describe('the XSD is as strict as the decoder on structure', () => {
  const valid = async (doc: string): Promise<boolean> => (await xsdErrors(doc)).length === 0;
  const NS = 'http://www.veeam.com/ent/v1.0';

  it('accepts a spec in schema order and refuses it reordered, with an unknown element or in another namespace', async () => {
    const inner = (a: string, b: string) => `<AccountType>User</AccountType><AccountName>T\\u</AccountName>${a}${b}`;
    const roles = '<Roles><EnterpriseRole><EnterpriseRoleUid>x</EnterpriseRoleUid></EnterpriseRole></Roles>';
    const allow = '<AllowRestoreAllVms>True</AllowRestoreAllVms>';
    assert.equal(await valid(`<EnterpriseAccountCreateSpec xmlns="${NS}">${inner(roles, allow)}</EnterpriseAccountCreateSpec>`), true);
    assert.equal(await valid(`<EnterpriseAccountCreateSpec xmlns="${NS}">${inner(allow, roles)}</EnterpriseAccountCreateSpec>`), false);
    assert.equal(await valid(`<EnterpriseAccountCreateSpec xmlns="${NS}">${inner(roles, allow)}<Extra/></EnterpriseAccountCreateSpec>`), false);
    assert.equal(await valid(`<EnterpriseAccountCreateSpec xmlns="urn:other">${inner(roles, allow)}</EnterpriseAccountCreateSpec>`), false);
    assert.equal(await valid(`<EnterpriseAccountCreateSpec xmlns="${NS}">${inner(roles, '<AllowRestoreAllVms>yes</AllowRestoreAllVms>')}</EnterpriseAccountCreateSpec>`), false);
  });
});

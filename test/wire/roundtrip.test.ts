// Property tests: random valid values survive encode -> decode in XML and in JSON.
//
// How values are compared. Both decoders return null-prototype objects, so results go through
// JSON.parse(JSON.stringify(...)) before deepStrictEqual. An optional element may be absent,
// undefined or null in the generated value; all three mean "not present" and are written the
// same way (omitted in XML, `null` in JSON). After decoding, XML leaves the member out while JSON
// also leaves it out (null in, omitted out), so the expected value is the generated one with
// every null/undefined member removed (stripNulls), compared with the decoded value treated the
// same way. Repeated children are always generated as arrays (possibly empty): both decoders
// return [] for an absent repeated child, and both encoders write an empty list as nothing (XML)
// or [] (JSON), so arrays must come back exactly, including empty ones — stripNulls never
// touches them. The codecs must also be stable: encoding the decoded value yields the very same
// text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeXml, encodeXml } from '../../src/wire/xml.ts';
import { decodeJson, encodeJson } from '../../src/wire/json.ts';
import type { Infer, Representation } from '../../src/wire/dsl.ts';
import {
  EnterpriseAccount,
  EnterpriseAccountCreateSpec,
  EnterpriseAccountInRoleCreateSpec,
  EnterpriseAccountInRoleList,
  type EnterpriseAccountCreateSpecValue,
  type EnterpriseAccountInRoleListType,
  type EnterpriseAccountInRoleValue,
  type EnterpriseAccountValue,
} from '../../src/wire/account.ts';
import { EntityReferences, type EntityReference, type EntityReferenceListType, type Link } from '../../src/wire/common.ts';
import { LogonSession, type LogonSessionValue } from '../../src/wire/session.ts';
import { WireError } from '../../src/wire/errors.ts';
import { LIMITS, NS, plain, stripNulls, topLevel } from './helpers.ts';

const RUNS = { numRuns: 100 };

// ---- arbitraries --------------------------------------------------------------------------------

/**
 * Text that is valid XML character data: printable ASCII (which includes & < > " ' ; #), plus a
 * few non-ASCII characters including a surrogate pair. No control characters: tab/CR/LF are not
 * preserved by XML attribute-value normalisation, and XML decode does not trim, so leading and
 * trailing spaces must survive and are generated on purpose.
 */
const char = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.constantFrom('&', '<', '>', '"', "'", ' ', '&amp;', '&#65;', ']]>', '\\') },
  { weight: 1, arbitrary: fc.constantFrom('é', 'ß', '日本', '😀', '\u00a0') },
);
const text = fc.string({ unit: char, maxLength: 12 });

const accountType = fc.constantFrom('User', 'Group', 'ExternalUser', 'ExternalGroup' as const);

/** An optional member: absent, undefined, null or present. */
function optional<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined> {
  return fc.option(fc.option(arb, { nil: null }), { nil: undefined });
}

/** Builds a record whose `opt` members may be left out of the object entirely. */
function withOptional<R extends object, O extends object>(required: { [K in keyof R]: fc.Arbitrary<R[K]> }, opt: { [K in keyof O]: fc.Arbitrary<O[K]> }) {
  return fc
    .tuple(fc.record(required), fc.record(opt, { requiredKeys: [] }))
    .map(([r, o]) => ({ ...r, ...o }) as R & Partial<O>);
}

const link: fc.Arbitrary<Link> = withOptional({ Href: text, Rel: text }, { Name: text, Type: text });
const links = optional(fc.array(link, { maxLength: 3 }));

const roleSpec = fc.record({ EnterpriseRoleUid: text });

const createSpec: fc.Arbitrary<EnterpriseAccountCreateSpecValue> = withOptional(
  {
    AccountType: accountType,
    AccountName: text,
    Roles: fc.record({ EnterpriseRoles: fc.array(roleSpec, { maxLength: 3 }) }),
    AllowRestoreAllVms: fc.boolean(),
  },
  {
    HierarchyScopeObjects: optional(
      fc.record({ HierarchyScopeItems: fc.array(withOptional({}, { HierarchyObjRef: optional(text), ObjectName: optional(text) }), { maxLength: 3 }) }),
    ),
    FlrSettings: optional(withOptional({ FlrInplaceOnly: fc.boolean() }, { FlrExtentionRestrictions: optional(text) })),
    SqlSettings: optional(fc.record({ DenyInPlaceRestore: fc.boolean() })),
  },
);

const account: fc.Arbitrary<EnterpriseAccountValue> = withOptional(
  { Href: text, Type: text, Name: text, UID: text, AccountType: accountType, AllowRestoreAllVms: fc.boolean() },
  {
    Links: links,
    FlrSettings: optional(withOptional({ FlrInplaceOnly: fc.boolean() }, { FlrExtentionRestrictions: optional(text) })),
    SqlSettings: optional(fc.record({ DenyInPlaceRestore: fc.boolean() })),
  },
);

const accountInRole: fc.Arbitrary<EnterpriseAccountInRoleValue> = withOptional({ Href: text, RoleName: text }, { Type: text, Links: links });
const accountInRoleList: fc.Arbitrary<Infer<typeof EnterpriseAccountInRoleListType>> = fc.record({
  EnterpriseAccountInRoles: fc.array(accountInRole, { maxLength: 3 }),
});

const logonSession: fc.Arbitrary<LogonSessionValue> = withOptional({ Href: text, Type: text, UserName: text, SessionId: text }, { Links: links });

const entityRef: fc.Arbitrary<EntityReference> = withOptional({ Href: text, Type: text }, { UID: text, Name: text, Links: links });
const entityReferences: fc.Arbitrary<Infer<typeof EntityReferenceListType>> = fc.record({ Refs: fc.array(entityRef, { maxLength: 3 }) });

// ---- properties ---------------------------------------------------------------------------------

/** The comparison described at the top of the file. */
function normalised(value: unknown): unknown {
  return stripNulls(plain(value));
}

function roundTrips<T>(rep: Representation<T>, arb: fc.Arbitrary<T>): void {
  it(`${rep.element}: XML encode -> decode preserves the value`, () => {
    fc.assert(
      fc.property(arb, (value) => {
        const xml = encodeXml(rep, value);
        const decoded = decodeXml(rep, xml, LIMITS);
        assert.deepStrictEqual(normalised(decoded), normalised(value));
        assert.equal(encodeXml(rep, decoded), xml, 're-encoding the decoded value gives the same text');
      }),
      RUNS,
    );
  });

  it(`${rep.element}: JSON encode -> decode preserves the value`, () => {
    fc.assert(
      fc.property(arb, (value) => {
        const json = encodeJson(rep, value);
        const decoded = decodeJson(rep, json, LIMITS);
        assert.deepStrictEqual(normalised(decoded), normalised(value));
        assert.equal(encodeJson(rep, decoded), json, 're-encoding the decoded value gives the same text');
      }),
      RUNS,
    );
  });

  it(`${rep.element}: XML and JSON decode to the same value`, () => {
    fc.assert(
      fc.property(arb, (value) => {
        const fromXml = decodeXml(rep, encodeXml(rep, value), LIMITS);
        const fromJson = decodeJson(rep, encodeJson(rep, value), LIMITS);
        assert.deepStrictEqual(normalised(fromXml), normalised(fromJson));
      }),
      RUNS,
    );
  });
}

describe('round trips', () => {
  roundTrips(EnterpriseAccountCreateSpec, createSpec);
  roundTrips(EnterpriseAccountInRoleCreateSpec, roleSpec);
  roundTrips(EnterpriseAccount, account);
  roundTrips(EnterpriseAccountInRoleList, accountInRoleList);
  roundTrips(LogonSession, logonSession);
  roundTrips(EntityReferences, entityReferences);

  it('JSON encoding writes null for every absent optional element and [] for repeated ones', () => {
    fc.assert(
      fc.property(createSpec, (value) => {
        const json = JSON.parse(encodeJson(EnterpriseAccountCreateSpec, value)) as Record<string, unknown>;
        for (const key of ['HierarchyScopeObjects', 'FlrSettings', 'SqlSettings'] as const) {
          if (value[key] === undefined || value[key] === null) assert.equal(json[key], null, key);
          else assert.notEqual(json[key], null, key);
        }
        assert.ok(Array.isArray((json.Roles as Record<string, unknown>).EnterpriseRoles));
        assert.equal(typeof json.AllowRestoreAllVms, 'boolean');
      }),
      RUNS,
    );
  });
});

// ---- element order ------------------------------------------------------------------------------

describe('EnterpriseAccountCreateSpec XML element order', () => {
  /** The top-level children of an encoded spec, in document order, as XML fragments. */
  function topLevelChildren(xml: string, root: string): string[] {
    const parts = topLevel(xml, root);
    assert.ok(parts, `${root} has children`);
    assert.equal(parts.children.join(''), xml.slice(xml.indexOf(parts.head) + parts.head.length, xml.lastIndexOf(`</${root}>`)), 'fragments cover the whole body');
    return parts.children;
  }

  const nameOf = (fragment: string): string => (/^<([A-Za-z]+)/.exec(fragment) as RegExpExecArray)[1] as string;
  const SCHEMA_ORDER = ['AccountType', 'AccountName', 'Roles', 'AllowRestoreAllVms', 'HierarchyScopeObjects', 'FlrSettings', 'SqlSettings'];

  /** Valid specs with at least two top-level children, and a permutation of those children. */
  const specAndPermutation = createSpec.chain((value) => {
    const xml = encodeXml(EnterpriseAccountCreateSpec, value);
    const children = topLevelChildren(xml, 'EnterpriseAccountCreateSpec');
    const n = children.length;
    const identity = children.map((_, i) => i);
    const permutation = fc.oneof(
      { weight: 1, arbitrary: fc.constant(identity) },
      { weight: 4, arbitrary: fc.shuffledSubarray(identity, { minLength: n, maxLength: n }) },
    );
    return permutation.map((perm) => ({ value, xml, children, perm }));
  });

  it('the helper splits an encoded spec into its top-level children in schema order', () => {
    fc.assert(
      fc.property(createSpec, (value) => {
        const names = topLevelChildren(encodeXml(EnterpriseAccountCreateSpec, value), 'EnterpriseAccountCreateSpec').map(nameOf);
        assert.deepEqual(names, SCHEMA_ORDER.filter((n) => names.includes(n)));
        assert.deepEqual(names.slice(0, 4), SCHEMA_ORDER.slice(0, 4));
      }),
      RUNS,
    );
  });

  it('a permutation of the top-level children is rejected unless it is the schema order', () => {
    let reordered = 0;
    fc.assert(
      fc.property(specAndPermutation, ({ value, xml, children, perm }) => {
        const body = `<EnterpriseAccountCreateSpec xmlns="${NS}">${perm.map((i) => children[i]).join('')}</EnterpriseAccountCreateSpec>`;
        const inOrder = perm.every((p, i) => p === i);
        if (inOrder) {
          assert.deepStrictEqual(normalised(decodeXml(EnterpriseAccountCreateSpec, body, LIMITS)), normalised(value));
          assert.deepStrictEqual(normalised(decodeXml(EnterpriseAccountCreateSpec, xml, LIMITS)), normalised(value));
          return;
        }
        reordered++;
        assert.throws(
          () => decodeXml(EnterpriseAccountCreateSpec, body, LIMITS),
          (err: unknown) => {
            assert.ok(err instanceof WireError, String(err));
            // The message names one of the reordered elements, or a pair in the wrong order of which
            // one moved ("'Flr…' must come before 'Sql…'" when Sql… and Hierarchy… swapped around it).
            const named = /(?:Element|element) '([A-Za-z]+)'/.exec(err.message)?.[1];
            const before = /must come before '([A-Za-z]+)'/.exec(err.message)?.[1];
            assert.ok(named !== undefined && SCHEMA_ORDER.includes(named), err.message);
            const moved = (name: string | undefined): boolean => perm.some((p, i) => p !== i && nameOf(children[p] as string) === name);
            assert.ok(moved(named) || moved(before), `neither ${named} nor ${before ?? '(no pair)'} was moved: ${err.message}`);
            return true;
          },
        );
      }),
      RUNS,
    );
    assert.ok(reordered > 20, `only ${reordered} real permutations were tried`);
  });
});

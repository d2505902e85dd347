// The vendor's documented examples as the product answers them in JSON, the client's format. The
// security pages print their bodies in XML only; the general representation pages say how the
// product writes the same resources in JSON (representation_collections.md,
// resource_representation_for_ke.md, representation_non_key.md; summed up in the reference's
// CONTRACT.md, "JSON responses"). This file applies those rules and nothing else, written from
// the reference, not from emsec: attributes and child elements become keys; `Links` an array of
// link objects; a list (`EntityReferences`, `EnterpriseAccountInRoleList`...) an object with the
// plural of its item as key (`{"Refs": [...]}`); `true`/`false` JSON booleans; an empty element
// an empty string. JSON answers start with a UTF-8 byte order mark, as the product's do.
import { parseXml, type XNode } from '../../../test/contract/xmltree.ts';

/** List elements of the security service and the name of their items (CONTRACT.md, the XSD). */
const LISTS: Readonly<Record<string, string>> = {
  EntityReferences: 'Ref',
  LogonSessions: 'LogonSession',
  SupportedVersions: 'SupportedVersion',
  EnterpriseRoles: 'EnterpriseRole',
  EnterpriseAccounts: 'EnterpriseAccount',
  EnterpriseAccountInRoleList: 'EnterpriseAccountInRole',
  EnterpriseAccountHierarchyScopes: 'EnterpriseAccountHierarchyScope',
  Tasks: 'Task',
  HierarchyRoots: 'HierarchyRoot',
  HierarchyItems: 'HierarchyItem',
};

export type Json = null | boolean | string | Json[] | { [key: string]: Json };

const scalar = (s: string): Json => (/^(true|false)$/i.test(s) ? s.toLowerCase() === 'true' : s);

function list(n: XNode): { [key: string]: Json } {
  const item = LISTS[n.name] as string;
  return { [`${item}s`]: n.children.filter((c) => c.name === item).map(entity) };
}

function entity(n: XNode): { [key: string]: Json } {
  const o: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(n.attrs)) if (!k.includes(':')) o[k] = scalar(v);
  for (const c of n.children) {
    if (c.name === 'Links') o['Links'] = c.children.map((l) => ({ ...l.attrs }));
    else if (LISTS[c.name]) o[c.name] = list(c);
    else if (c.children.length > 0 || Object.keys(c.attrs).length > 0) o[c.name] = entity(c);
    else o[c.name] = scalar(c.text.trim());
  }
  return o;
}

/** The JSON value the product sends for a documented XML body. */
export function productJson(xml: string): Json {
  const root = parseXml(xml);
  return LISTS[root.name] ? list(root) : entity(root);
}

/** The JSON text as the product sends it: a byte order mark, then the value. */
export const productJsonText = (xml: string): string => `\uFEFF${JSON.stringify(productJson(xml))}`;

/**
 * A body the page cuts after its start tag (`<EntityRef … Name="vcdev51" UID="…">`): the element
 * with the attributes shown and nothing else.
 */
export const startTagOnly = (text: string): string => text.trim().replace(/\s*>$/, '/>');

// The client's declared types (src/types.ts) checked against the OpenAPI document emsec
// generates (GET /api/openapi.json): openapi-typescript turns the document into types, and the
// TypeScript compiler proves, for every representation the client uses, that whatever the
// document allows in a response is accepted by the client's type, that whatever the client sends
// is allowed by the document, and that both name the same properties.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { startServer, type TestServer } from './helpers.ts';

/** Client type <- the document's schema of responses. */
const RESPONSES: Record<string, string> = {
  Link: 'LinkType', EntityReference: 'EntityReferenceType', EntityReferences: 'EntityReferenceListType', SupportedVersion: 'SupportedVersionType',
  EnterpriseManagerInfo: 'EnterpriseManagerType', LogonSession: 'LogonSessionType', LogonSessions: 'LogonSessionListType',
  EnterpriseSecuritySettings: 'EnterpriseSecuritySettingsType', EnterpriseRole: 'EnterpriseRoleType', EnterpriseRoles: 'EnterpriseRoleEntityListType',
  EnterpriseAccount: 'EnterpriseAccountType', EnterpriseAccounts: 'EnterpriseAccountEntityListType', FlrSettings: 'FlrSettingsType', SqlSettings: 'SqlSettingsType',
  EnterpriseAccountInRole: 'EnterpriseAccountInRoleType', EnterpriseAccountInRoleList: 'EnterpriseAccountInRoleListType',
  EnterpriseAccountHierarchyScope: 'EnterpriseAccountHierarchyScopeType', EnterpriseAccountHierarchyScopes: 'EnterpriseAccountHierarchyScopeListType',
  Task: 'TaskType', TaskResult: 'TaskResultType', Tasks: 'TaskListType', HierarchyRoot: 'HierarchyRootType', HierarchyRoots: 'HierarchyRootListType', ErrorBody: 'ErrorType',
  LookupService: 'LookupSvcType', HierarchyItem: 'HierarchyItemType', HierarchyItems: 'HierarchyItemListType',
};
/** Client type -> the document's schema of requests. */
const REQUESTS: Record<string, string> = {
  EnterpriseAccountCreateSpec: 'EnterpriseAccountCreateSpecType', EnterpriseAccountInRoleCreateSpec: 'EnterpriseAccountInRoleCreateSpecType',
  HierarchyScopeCreateSpec: 'HierarchyScopeCreateSpecType', HierarchyScopeItem: 'HierarchyScopeItemType', RebuildScopeJobSpec: 'RebuildScopeJobSpecType',
};
/** Schemas covered through their parent (lists, wrappers, the empty element). */
const THROUGH_PARENT = new Set(['LinkListType', 'SupportedVersionListType', 'EnterpriseAccountInRoleCreateSpecListType', 'HierarchyScopeItemListType', 'EmptyType']);
/** The operations the client calls (by operationId prefix). */
const USED = /^(root\.get|sessionMngr\.|logonSessions\.|security\.|hierarchyRoots\.|tasks\.|lookupSvc\.|lookup\.)/;

type Json = Record<string, unknown>;
let server: TestServer;
let doc: Json;
let dir: string;

describe('client types against the OpenAPI document emsec generates', () => {
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
    doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as Json;
    dir = mkdtempSync(join(tmpdir(), 'emsec-client-types-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('declares a type for every schema the operations it calls use', () => {
    const schemas = (doc['components'] as Json)['schemas'] as Record<string, Json>;
    const seen = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string') {
            const name = x.split('/').pop() as string;
            if (!seen.has(name)) {
              seen.add(name);
              walk(schemas[name]);
            }
          } else walk(x);
        }
      }
    };
    let ops = 0;
    for (const item of Object.values(doc['paths'] as Record<string, Record<string, Json>>)) {
      for (const op of Object.values(item)) {
        if (!USED.test(String(op['operationId']))) continue;
        ops++;
        walk(op);
      }
    }
    assert.ok(ops >= 25, `${ops} operations`);
    const declared = new Set([...Object.values(RESPONSES), ...Object.values(REQUESTS), ...THROUGH_PARENT]);
    const missing = [...seen].filter((n) => n.endsWith('Type') && !declared.has(n));
    assert.deepEqual(missing, [], 'schemas the client has no type for');
  });

  it('every declared type matches its schema (checked by the TypeScript compiler)', { timeout: 120_000 }, async () => {
    writeFileSync(join(dir, 'openapi.ts'), astToString(await openapiTS(doc as never)));
    const types = fileURLToPath(new URL('../src/types.ts', import.meta.url));
    const lines = [
      `import type { components } from './openapi.ts';`,
      `import type * as C from ${JSON.stringify(types)};`,
      'type S = components["schemas"];',
      'type Extends<A, B> = [A] extends [B] ? true : false;',
      'type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;',
      'const ok = <T extends true>(): T => true as T;',
    ];
    for (const [c, s] of Object.entries(RESPONSES)) {
      lines.push(`ok<Extends<S[${JSON.stringify(s)}], C.${c}>>(); // response ${c}: every valid ${s} is a C.${c}`);
      lines.push(`ok<SameKeys<S[${JSON.stringify(s)}], C.${c}>>(); // response ${c}: same properties`);
    }
    for (const [c, s] of Object.entries(REQUESTS)) {
      lines.push(`ok<Extends<C.${c}, S[${JSON.stringify(s)}]>>(); // request ${c}: what the client sends is valid`);
      lines.push(`ok<SameKeys<C.${c}, S[${JSON.stringify(s)}]>>(); // request ${c}: same properties`);
    }
    const check = join(dir, 'check.ts');
    writeFileSync(check, `${lines.join('\n')}\n`);
    const program = ts.createProgram([check], {
      strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
      allowImportingTsExtensions: true, skipLibCheck: true, types: [], lib: ['lib.es2023.d.ts'],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
      const line = d.file?.fileName === check ? lines[where] : `${d.file?.fileName}:${where + 1}`;
      return `${line}\n  ${ts.flattenDiagnosticMessageText(d.messageText, '\n  ')}`;
    });
    assert.deepEqual(problems, []);
  });
});

// The route table is typed by its rows (src/api/routes.ts): a handler gets the params of its row's
// path and the body its row's request declares, and may answer only with the row's responses. Each
// `@ts-expect-error` below is a row that must not compile (`npm run typecheck` fails when one
// compiles); the runtime checks pin that a row keeps its status and the handler returns none.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ok, type PathParams, type RequestContext, type ValueOf } from '../../src/api/context.ts';
import { ROUTES, route } from '../../src/api/routes.ts';
import { EntityRef } from '../../src/wire/common.ts';
import { EnterpriseAccountCreateSpec } from '../../src/wire/account.ts';
import { RebuildScopeJobSpec } from '../../src/wire/scope.ts';
import { EnterpriseRole } from '../../src/wire/security.ts';

const ROW = { id: 'test.row', auth: 'none', reference: 'get_security_roles_id.md', summary: 'A row of this test' } as const;
const REF = { Href: 'h', Type: 'T', Name: 'n', UID: 'u' } as ValueOf<typeof EntityRef>;

/** Takes the :id of its path; answers an EntityRef. */
const getRef = async (ctx: RequestContext<'id'>) => ok(EntityRef, { ...REF, UID: ctx.params.id });
/** Takes an EnterpriseAccountCreateSpec; answers nothing. */
const create = async (ctx: RequestContext<never, ValueOf<typeof EnterpriseAccountCreateSpec>>) => ({ headers: { location: ctx.body.AccountName } });

const pathParams: PathParams<'/api/security/accounts/:id/roles/:roleId'>[] = ['id', 'roleId'];

describe('typed route rows', () => {
  it('accept a handler that fits the row', () => {
    const rows = [
      route({ ...ROW, method: 'GET', path: '/api/things/:id', responses: [EntityRef], status: 200, handler: getRef }),
      // Declared responses the handler never uses, and params it does not read, are fine.
      route({ ...ROW, method: 'GET', path: '/api/things/:id/parts/:partId', responses: [EntityRef, EnterpriseRole], status: 200, handler: getRef }),
      route({ ...ROW, method: 'POST', path: '/api/things', request: EnterpriseAccountCreateSpec, responses: [], status: 201, handler: create }),
    ];
    assert.deepEqual(rows.map((r) => r.status), [200, 200, 201]);
    assert.deepEqual(pathParams, ['id', 'roleId']);
  });

  it('refuse a handler that does not fit (at compile time)', () => {
    const refused = [
      // @ts-expect-error the path has no :id
      route({ ...ROW, method: 'GET', path: '/api/things', responses: [EntityRef], status: 200, handler: getRef }),
      // @ts-expect-error the row declares no response, the handler answers one
      route({ ...ROW, method: 'GET', path: '/api/things/:id', responses: [], status: 200, handler: getRef }),
      // @ts-expect-error an EnterpriseRole is not an EntityRef, though its value has every field of one
      route({ ...ROW, method: 'GET', path: '/api/things/:id', responses: [EnterpriseRole], status: 200, handler: getRef }),
      // @ts-expect-error the row's request is another representation
      route({ ...ROW, method: 'POST', path: '/api/things', request: RebuildScopeJobSpec, responses: [], status: 201, handler: create }),
      // @ts-expect-error the row declares no request, the handler reads one
      route({ ...ROW, method: 'POST', path: '/api/things', responses: [], status: 201, handler: create }),
    ];
    assert.equal(refused.length, 5);
  });

  it('states the success status in the row only: the handler answers none, the server sends the row\'s', async () => {
    const created = ROUTES.find((r) => r.id === 'security.accounts.create');
    assert.equal(created?.status, 201);
    const answer = await getRef({ params: { id: 'x' } } as unknown as RequestContext<'id'>);
    assert.deepEqual(Object.keys(answer), ['body']);
    assert.equal(answer.body?.value.UID, 'x');
  });
});

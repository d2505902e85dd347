// emsec's own controls beside the vendor's API (/emsec/*, outside /api): the audit trail and
// "who may do what, and why", directory names, browsing the inventory tree. Only emsec serves
// them (the real product answers 404); a Portal Administrator's session (browsing: a Portal
// User's too). JSON only.
import type { CallOptions } from '../options.js';
import type { Transport } from '../transport.js';

export type AuditResult = 'success' | 'failure';

export interface AuditEvent {
  /** Grows with every event; the cursor of the next page. */
  seq: number;
  /** ISO 8601. */
  at: string;
  /** `logon`, `role.assign`, `account.create`... */
  action: string;
  result: AuditResult;
  user: string | null;
  sessionId: string | null;
  remote: string | null;
  /** The path of what changed, under /api (`/security/accounts/<id>/roles`). */
  resource: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export interface AuditPage {
  events: AuditEvent[];
  /** Pass as `cursor` for the next page; null on the last one. */
  next: string | null;
}

export interface AuditQuery extends CallOptions {
  user?: string;
  action?: string;
  /** From this time on (a Date, ISO 8601, or milliseconds since the epoch). */
  since?: Date | string | number;
  until?: Date | string | number;
  /** `next` of the previous page. */
  cursor?: string;
  /** Events per page, the first of the order, 1 to 1000 (server default 100). */
  limit?: number;
  /** `desc` (the server's default): newest first; `asc`: oldest first. `limit` and `cursor` follow the order. */
  order?: 'asc' | 'desc';
}

export interface AuthzGrant {
  account: string;
  accountType: string;
  via: 'own account' | 'group account';
}

export interface AuthzRole {
  role: string;
  allowed: boolean;
  /** The deciding row of the permission matrix, or null. */
  row: string | null;
  source: string | null;
  restoreScope: boolean;
  grantedBy: AuthzGrant[];
}

export interface AuthzExplanation {
  user: string;
  method: string;
  path: string;
  allowed: boolean;
  known: boolean;
  emulated: boolean;
  /** One sentence saying why. */
  reason: string;
  roles: AuthzRole[];
}

/** A user or group name the directory knows (`GET /emsec/directory`). */
export interface DirectoryName {
  /** `DOMAIN\\name`, as the directory spells it. */
  name: string;
  kind: 'User' | 'Group';
}

/** An object of the inventory tree (`GET /emsec/inventory/children`). */
export interface InventoryObject {
  /** Its HierarchyObjRef, as the lookup service gives it: what a restore scope names. */
  ref: string;
  type: string;
  name: string;
}

/** One page of one level of the inventory tree. */
export interface InventoryLevel {
  objects: InventoryObject[];
  /** Whether a next page follows. */
  more: boolean;
}

const timeParam = (t: Date | string | number | undefined): string | undefined =>
  t === undefined ? undefined : t instanceof Date ? t.toISOString() : String(t);

export class EmsecControls {
  /** @internal Made by EnterpriseManager (`em.roles`, `em.accounts`...), not by callers. */
  constructor(private readonly t: Transport) {}

  /** One page of the audit trail (`GET /emsec/audit`). */
  async audit(q: AuditQuery = {}): Promise<AuditPage> {
    const query = {
      user: q.user, action: q.action, since: timeParam(q.since), until: timeParam(q.until),
      cursor: q.cursor, limit: q.limit, order: q.order,
    };
    const res = await this.t.exchange<AuditPage>({ method: 'GET', path: '/emsec/audit', query, outsideApi: true }, q);
    return res.body ?? { events: [], next: null };
  }

  /**
   * Users and groups whose name starts with `search` (the whole `DOMAIN\\name` or the part after
   * the domain), from every directory emsec uses (`GET /emsec/directory`); at most `limit` (1-50).
   */
  async directory(search: string, q: CallOptions & { limit?: number } = {}): Promise<DirectoryName[]> {
    const res = await this.t.exchange<{ entries: DirectoryName[] }>({ method: 'GET', path: '/emsec/directory', query: { search, limit: q.limit }, outsideApi: true }, q);
    return res.body?.entries ?? [];
  }

  /**
   * What lies directly beneath `parent` in the inventory tree (`GET /emsec/inventory/children`):
   * a hierarchy root's UID (`urn:veeam:HierarchyRoot:<GUID>`) gives its top objects, an object's
   * HierarchyObjRef its children. Portal Administrators and Portal Users, as the lookup service.
   */
  async inventoryChildren(parent: string, q: CallOptions & { page?: number; pageSize?: number } = {}): Promise<InventoryLevel> {
    const res = await this.t.exchange<InventoryLevel>({ method: 'GET', path: '/emsec/inventory/children', query: { parent, page: q.page, pageSize: q.pageSize }, outsideApi: true }, q);
    return res.body ?? { objects: [], more: false };
  }

  /** Whether `user` may do `method path` and which roles decide it (`GET /emsec/authz`). */
  async explain(user: string, method: string, path: string, call: CallOptions = {}): Promise<AuthzExplanation> {
    const res = await this.t.exchange<AuthzExplanation>({ method: 'GET', path: '/emsec/authz', query: { user, method, path }, outsideApi: true }, call);
    return res.body as AuthzExplanation;
  }
}

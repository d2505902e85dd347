// The seven security roles: list, get, and the name -> id resolution everything else uses.
import { NameNotFoundError } from '../errors.js';
import { idOf, lastSegment, uidOf } from '../ids.js';
import type { CallOptions } from '../options.js';
import type { Collection, ListQuery } from '../paging.js';
import type { Transport } from '../transport.js';
import type { EnterpriseRole, EntityReference } from '../types.js';
import { collection, listKey, type Format } from './list.js';

/** A role resolved from a name, a UID or a GUID. */
export interface RoleId {
  /** The bare GUID used in URLs. */
  id: string;
  /** `urn:veeam:EnterpriseRole:<guid>`, used in bodies. */
  uid: string;
  name?: string;
}

export class Roles {
  private cache: Promise<EntityReference[]> | undefined;

  /** @internal Made by EnterpriseManager (`em.roles`, `em.accounts`...), not by callers. */
  constructor(private readonly t: Transport) {}

  list(q?: ListQuery & { format?: 'Ref' }): Collection<EntityReference>;
  list(q: ListQuery & { format: 'Entity' }): Collection<EnterpriseRole>;
  list(q: ListQuery & { format?: Format } = {}): Collection<EntityReference> | Collection<EnterpriseRole> {
    return collection(this.t, '/security/roles', listKey(q.format, 'EnterpriseRoles'), q, { format: q.format });
  }

  /** A role (the entity) by name (any case), UID or GUID. */
  async get(role: string, call: CallOptions = {}): Promise<EnterpriseRole> {
    const { id } = await this.resolve(role, call);
    const res = await this.t.exchange<EnterpriseRole>({ method: 'GET', path: `/security/roles/${id}`, query: { format: 'Entity' } }, call);
    return res.body as EnterpriseRole;
  }

  /**
   * The id of a role given by name (`File Restore Operator`, any case), UID or GUID. Names are
   * looked up once per client: the seven roles are fixed.
   */
  async resolve(role: string, call: CallOptions = {}): Promise<RoleId> {
    const id = idOf(role, 'EnterpriseRole');
    if (id) return { id, uid: uidOf('EnterpriseRole', id) };
    this.cache ??= this.list({ pageSize: 1000, ...call }).toArray().catch((err: unknown) => {
      this.cache = undefined;
      throw err;
    });
    const wanted = role.trim().toLowerCase();
    const ref = (await this.cache).find((r) => r.Name?.toLowerCase() === wanted);
    if (!ref) throw new NameNotFoundError(`No role is named '${role}'.`);
    const guid = (ref.UID && idOf(ref.UID, 'EnterpriseRole')) || lastSegment(ref.Href);
    return { id: guid, uid: ref.UID ?? uidOf('EnterpriseRole', guid), name: ref.Name ?? role };
  }
}

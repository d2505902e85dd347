// Table types for Kysely. Booleans are 0/1 integers so both dialects store them alike.
import type { Generated } from 'kysely';

export interface Database {
  meta: { key: string; value: string };
  roles: { id: string; name: string; position: number };
  accounts: {
    id: string;
    name: string;
    name_key: string;
    type: string;
    allow_restore_all_vms: number;
    flr_inplace_only: number | null;
    flr_extension_restrictions: string | null;
    sql_deny_in_place_restore: number | null;
    seq: Generated<number>;
  };
  account_roles: { account_id: string; role_id: string; seq: Generated<number> };
  account_scopes: {
    id: string;
    account_id: string;
    object_ref: string;
    object_name: string;
    root_name: string;
    platform: string;
    object_type: string;
    state: string;
    seq: Generated<number>;
  };
  hierarchy_roots: { id: string; name: string; unique_id: string; host_type: string; platform: string; seq: Generated<number> };
  hierarchy_objects: {
    ref: string;
    root_id: string;
    platform: string;
    type: string;
    name: string;
    parent_ref: string | null;
    /** Lower case: the ObjectRef part of `ref`, the type and the name, as lookups compare them. */
    object_key: string;
    type_key: string;
    name_key: string;
    /** Materialized path (domain/hierarchy.ts pathsOf). */
    path: string;
    seq: Generated<number>;
  };
  tasks: { seq: Generated<number>; operation: string; state: string; success: number; message: string | null; created_at: number };
  sessions: { id: string; token_hash: string; user_name: string; created_at: number; last_seen_at: number };
  directory_users: { name_key: string; name: string; password_hash: string };
  directory_groups: { name_key: string; name: string };
  directory_members: { group_key: string; user_key: string };
  audit_events: {
    seq: Generated<number>;
    at: number;
    action: string;
    result: string;
    user_name: string | null;
    user_key: string | null;
    session_id: string | null;
    remote: string | null;
    resource: string | null;
    before_json: string | null;
    after_json: string | null;
    reason: string | null;
  };
}

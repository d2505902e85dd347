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
  account_scope_items: { account_id: string; object_ref: string; object_name: string; seq: Generated<number> };
  sessions: { id: string; token_hash: string; user_name: string; created_at: number; last_seen_at: number };
  directory_users: { name_key: string; name: string; password_hash: string };
  directory_groups: { name_key: string; name: string };
  directory_members: { group_key: string; user_key: string };
}

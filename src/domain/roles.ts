// The seven built-in roles (security_roles_concept.md). UIDs are those of the vendor's
// examples (get_security_roles.md), identical in every documented version.
import type { Role } from './model.ts';

export const ROLE = Object.freeze({
  PortalAdministrator: Object.freeze({ id: '5f37a46b-9ce2-40f4-8a62-b45b079257fc', name: 'Portal Administrator' }),
  PortalUser: Object.freeze({ id: 'd19a3d33-cb77-4ffe-94e6-001432483a4e', name: 'Portal User' }),
  VmRestoreOperator: Object.freeze({ id: 'c11c0c38-ba8b-49c7-bf70-fc2058fff1e2', name: 'VM Restore Operator' }),
  FileRestoreOperator: Object.freeze({ id: 'f84a8b62-49b8-4d0c-b25b-92321b52bab6', name: 'File Restore Operator' }),
  ExchangeRestoreOperator: Object.freeze({ id: 'f83e4c81-0815-452f-9377-9d573dd9d481', name: 'Exchange Restore Operator' }),
  OracleRestoreOperator: Object.freeze({ id: 'e9d90e66-b6d4-49dc-8986-73cf33489623', name: 'Oracle Restore Operator' }),
  SqlRestoreOperator: Object.freeze({ id: 'f78a92b8-9f06-4f1e-b522-4f0927cabd0f', name: 'SQL Restore Operator' }),
});

/** In the order the vendor's GET /security/roles example lists them. */
export const ROLES: readonly Role[] = Object.freeze([
  ROLE.PortalUser,
  ROLE.SqlRestoreOperator,
  ROLE.OracleRestoreOperator,
  ROLE.FileRestoreOperator,
  ROLE.ExchangeRestoreOperator,
  ROLE.PortalAdministrator,
  ROLE.VmRestoreOperator,
]);

const byId = new Map(ROLES.map((r) => [r.id, r]));

export function roleById(id: string): Role | undefined {
  return byId.get(id.toLowerCase());
}

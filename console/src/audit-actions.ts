// The actions GET /emsec/audit filters by (src/domain/audit.ts AUDIT_ACTIONS; a test keeps the two equal).
export const AUDIT_ACTIONS = [
  'logon', 'logout', 'session.expire', 'session.revoke', 'session.evict',
  'account.create', 'account.delete', 'account.toggle', 'role.assign', 'role.unassign',
  'scope.add', 'scope.remove', 'scope.rebuild', 'user.add', 'user.passwd', 'user.remove', 'seed', 'reset',
] as const;

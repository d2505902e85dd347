// What each of the seven roles may do, in a sentence (security_roles_concept.md); the console
// shows it beside the Role select and each held role. Keyed by the role's name, as the API
// returns it.
export const ROLE_SUMMARY: Readonly<Record<string, string>> = {
  'Portal Administrator': 'Everything, including security: accounts, roles, restore scopes and sessions.',
  'Portal User': 'Reads backup infrastructure, jobs, backups and sessions; no security settings, no restores.',
  'VM Restore Operator': 'Restores whole VMs within its restore scope.',
  'File Restore Operator': 'Restores guest OS files within its restore scope, as the file-level settings allow.',
  'Exchange Restore Operator': 'Restores Exchange items within its restore scope.',
  'Oracle Restore Operator': 'Restores Oracle databases within its restore scope.',
  'SQL Restore Operator': 'Restores SQL Server databases within its restore scope, as the SQL settings allow.',
};

export function roleSummary(name: string): string {
  return ROLE_SUMMARY[name] ?? 'A role the console does not describe.';
}

// The emctl command tree (commander): every form of the issue, `-o table|json` and `--help` on
// each command, usage errors as exit 2.
import { Command, InvalidArgumentError, Option } from 'commander';
import { addAccount, listAccounts, removeAccount, showAccount } from './commands/accounts.js';
import { completionScript } from './completion.js';
import { assignRole, listRoles, unassignRole } from './commands/roles.js';
import { listScopes } from './commands/scopes.js';
import { login, logout, whoami } from './commands/session.js';
import { UsageError } from './exit.js';
import type { OutputFormat } from './output.js';

const outputOption = (): Option =>
  new Option('-o, --output <format>', 'output format: table or json').choices(['table', 'json']).default('table');

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** Builds the program; `version` is the package's. */
export function buildProgram(version: string): Command {
  const program = new Command('emctl')
    .description('Enterprise Manager security from the command line: sessions, roles, accounts, role assignments and restore scopes (the real product and emsec).')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const leaf = (parent: Command, name: string, description: string): Command =>
    parent.command(name).description(description).addOption(outputOption()).exitOverride();

  leaf(program, 'login', 'log on and keep the session in the config directory (EMCTL_CONFIG_DIR)')
    .argument('<url>', "the server's origin, e.g. https://em.example.com:9398 (a URL ending in /api works too)")
    .requiredOption('--user <name>', 'account to log on as, e.g. TECH\\admin')
    .option('--password-stdin', 'read the password from standard input (else EMCTL_PASSWORD, else a prompt without echo)')
    .addOption(new Option('--insecure', 'accept an untrusted certificate (a self-signed emsec on a laptop)').conflicts('caFile'))
    .addOption(new Option('--ca-file <file>', 'trust the certificate authority (or self-signed certificate) in this PEM file').conflicts('insecure'))
    .action((url: string, o: { user: string; passwordStdin?: boolean; insecure?: boolean; caFile?: string; output: OutputFormat }) => login(url, o));
  leaf(program, 'logout', 'end the session on the server and remove the kept session').action((o: { output: OutputFormat }) => logout(o));
  leaf(program, 'whoami', 'show who the kept session belongs to, as the server sees it').action((o: { output: OutputFormat }) => whoami(o));

  const roles = program.command('roles').description('security roles and role assignments').exitOverride();
  leaf(roles, 'list', 'list the security roles').action((o: { output: OutputFormat }) => listRoles(o));
  leaf(roles, 'assign', 'give an account a role')
    .argument('<account>', 'account name (TECH\\mary) or id')
    .argument('<role>', "role name (any case: 'File Restore Operator'), UID or GUID")
    .action((a: string, r: string, o: { output: OutputFormat }) => assignRole(a, r, o));
  leaf(roles, 'unassign', 'take a role away from an account')
    .argument('<account>', 'account name or id')
    .argument('<role>', 'role name, UID or GUID')
    .action((a: string, r: string, o: { output: OutputFormat }) => unassignRole(a, r, o));

  const accounts = program.command('accounts').description('enterprise accounts').exitOverride();
  leaf(accounts, 'list', 'list accounts (all pages)')
    .option('--filter <filter>', 'the API filter, e.g. \'AccountType==User;Name=="TECH\\mary"\'')
    .addOption(new Option('--page-size <n>', 'accounts per request while paging').argParser((v) => positive(v, '--page-size')))
    .action((o: { filter?: string; pageSize?: number; output: OutputFormat }) => listAccounts(o));
  leaf(accounts, 'show', 'show an account with its roles and restore scopes')
    .argument('<account>', 'account name or id')
    .action((a: string, o: { output: OutputFormat }) => showAccount(a, o));
  leaf(accounts, 'add', "add an account; prints the new account's id")
    .argument('<name>', 'DOMAIN\\name for User and Group, user@suffix for ExternalUser, any name for ExternalGroup')
    .addOption(new Option('--type <type>', 'account type').choices(['User', 'Group', 'ExternalUser', 'ExternalGroup']).makeOptionMandatory())
    .option('--role <role>', 'a role to give it (repeatable; name, UID or GUID)', collect, [])
    .option('--all-vms', 'may restore all VMs (else give --scope)')
    .option('--scope <ref[=name]>', 'a hierarchy object it may restore, e.g. urn:VMware:Vm:<root>.vm-42=VM42 (repeatable)', collect, [])
    .action((name: string, o: { type: string; role: string[]; allVms?: boolean; scope: string[]; output: OutputFormat }) => addAccount(name, o));
  leaf(accounts, 'remove', 'delete an account')
    .argument('<account>', 'account name or id')
    .action((a: string, o: { output: OutputFormat }) => removeAccount(a, o));

  const scopes = program.command('scopes').description('restore scopes').exitOverride();
  leaf(scopes, 'list', "list an account's restore scopes")
    .argument('<account>', 'account name or id')
    .action((a: string, o: { output: OutputFormat }) => listScopes(a, o));

  program
    .command('completion')
    .description('print a shell completion script: eval "$(emctl completion bash)", or for zsh: emctl completion zsh > "${fpath[1]}/_emctl"')
    .argument('<shell>', 'bash or zsh')
    .exitOverride()
    .action((shell: string) => {
      if (shell !== 'bash' && shell !== 'zsh') throw new UsageError(`completion: bash or zsh, not '${shell}'.`);
      process.stdout.write(completionScript(program, shell));
    });
  return program;
}

function positive(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} takes a whole number from 1.`);
  return n;
}

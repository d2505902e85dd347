// emctl's usage: --help on every command (exit 0), usage mistakes exit 2, shell completion.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { emctl as run, type Run } from './emctl.ts';

const dir = mkdtempSync(join(tmpdir(), 'emctl-usage-'));
const emctl = (args: string[]): Promise<Run> => run(args, { configDir: dir });

const COMMANDS = [
  [], ['login'], ['logout'], ['whoami'], ['roles'], ['roles', 'list'], ['roles', 'assign'], ['roles', 'unassign'],
  ['accounts'], ['accounts', 'list'], ['accounts', 'show'], ['accounts', 'add'], ['accounts', 'remove'], ['scopes'], ['scopes', 'list'], ['completion'],
];

describe('emctl usage', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--help on every command exits 0 and shows its usage', async () => {
    const results = await Promise.all(COMMANDS.map((c) => emctl([...c, '--help'])));
    results.forEach((r, i) => {
      const c = COMMANDS[i] as string[];
      assert.equal(r.code, 0, `${c.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^Usage: emctl${c.map((w) => ` ${w}`).join('')}`), c.join(' '));
      if (c.length === 2 || ['login', 'logout', 'whoami'].includes(c[0] ?? '')) assert.match(r.stdout, /-o, --output <format>/, c.join(' '));
    });
    assert.match(results[1]?.stdout ?? '', /--password-stdin/);
  });

  it('usage mistakes exit 2 without touching the network', async () => {
    const cases: [string[], RegExp][] = [
      [['login', 'http://127.0.0.1:9'], /--user/],
      [['frobnicate'], /unknown command/],
      [['roles', 'assign', 'onlyone'], /missing required argument/],
      [['accounts', 'add', 'X', '--role', 'Portal User'], /--type/],
      [['accounts', 'add', 'X', '--type', 'Robot', '--role', 'Portal User'], /Robot/],
      [['roles', 'list', '-o', 'yaml'], /yaml/],
      [['login', 'http://127.0.0.1:9', '--user', 'a', '--insecure', '--ca-file', 'x.pem'], /cannot be used with/],
      [['accounts', 'list', '--page-size', '0'], /page-size/],
      [['completion', 'fish'], /bash or zsh/],
      [['roles'], /Usage: emctl roles/],
    ];
    for (const [args, message] of cases) {
      const r = await emctl(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.code} ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
    }
  });

  it('bash completion offers subcommands and options of the command reached', { skip: !existsSync('/bin/bash') && 'no bash' }, async () => {
    const script = (await emctl(['completion', 'bash'])).stdout;
    const file = join(dir, 'emctl.bash');
    writeFileSync(file, script);
    const complete = (...words: string[]): string[] =>
      execFileSync('bash', ['-c', `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _emctl; printf '%s\\n' "\${COMPREPLY[@]}"`, 'x', file, 'emctl', ...words], { encoding: 'utf8' })
        .split('\n').filter(Boolean);
    assert.deepEqual(complete('').filter((w) => !w.startsWith('-')).sort(), ['accounts', 'completion', 'login', 'logout', 'roles', 'scopes', 'whoami']);
    assert.deepEqual(complete('accounts', '').filter((w) => !w.startsWith('-')).sort(), ['add', 'list', 'remove', 'show']);
    assert.deepEqual(complete('accounts', 'add', 'TECH\\mary', '--ty'), ['--type']);
    assert.deepEqual(complete('login', 'https://x', '--in'), ['--insecure']);
    assert.deepEqual(complete('roles', 'a'), ['assign']);
  });

  it('zsh completion is a valid zsh script that compsys loads and that completes', async (t) => {
    const script = (await emctl(['completion', 'zsh'])).stdout;
    assert.match(script, /^#compdef emctl/);
    assert.match(script, /"accounts add"\|"accounts add "\*\) cands="-o --output --type --role --all-vms --scope --help"/);
    let zsh = '';
    try {
      zsh = execFileSync('sh', ['-c', 'command -v zsh'], { encoding: 'utf8' }).trim();
    } catch {
      t.skip('zsh is not installed (CI installs it: .ci/run)');
      return;
    }
    const fdir = join(dir, 'zfunc');
    mkdirSync(fdir, { recursive: true });
    const file = join(fdir, '_emctl');
    writeFileSync(file, script);
    execFileSync(zsh, ['-n', file]);
    // compinit finds it on fpath by its #compdef line and binds it to emctl.
    const bound = execFileSync(zsh, ['-f', '-c', 'fpath=("$1" $fpath); autoload -Uz compinit && compinit -u -D && print -r -- "${_comps[emctl]}"', 'x', fdir], { encoding: 'utf8' });
    assert.equal(bound.trim(), '_emctl');
    // The function itself, with compadd recording what it is given (compsys filters by prefix).
    const complete = (...words: string[]): string[] =>
      execFileSync(zsh, ['-f', '-c', 'compadd() { [[ $1 == -- ]] && shift; print -rl -- "$@"; }; compdef() { :; }; source "$1"; shift; words=(emctl "$@"); CURRENT=$#words; _emctl', 'x', file, ...words], { encoding: 'utf8' })
        .split('\n').filter(Boolean);
    assert.deepEqual(complete('').filter((w) => !w.startsWith('-')).sort(), ['accounts', 'completion', 'login', 'logout', 'roles', 'scopes', 'whoami']);
    assert.deepEqual(complete('accounts', '').filter((w) => !w.startsWith('-')).sort(), ['add', 'list', 'remove', 'show']);
    assert.ok(complete('accounts', 'add', 'TECH\\mary', '--ty').includes('--type'));
    assert.ok(complete('login', 'https://x', '').includes('--insecure'));
    assert.ok(complete('roles', '').includes('assign'));
    assert.deepEqual(complete('roles', 'list', '').sort(), ['--help', '--output', '-o']);
  });
});

// Shell completion for bash and zsh, generated from the command tree so it never drifts from it:
// subcommands after their parent, then the options of the command reached.
import type { Command } from 'commander';

interface Node {
  path: string;
  words: string[];
}

function nodes(cmd: Command, prefix = ''): Node[] {
  const subs = cmd.commands.filter((c) => c.name() !== 'help');
  const options = cmd.options.flatMap((o) => [o.short, o.long].filter((x): x is string => Boolean(x)));
  const here: Node = { path: prefix, words: [...subs.map((c) => c.name()), ...options, '--help'] };
  return [here, ...subs.flatMap((c) => nodes(c, prefix ? `${prefix} ${c.name()}` : c.name()))];
}

/** Deepest paths first, so `accounts add` wins over `accounts` in a shell `case`. */
const arms = (program: Command): Node[] => nodes(program).sort((a, b) => b.path.split(' ').length - a.path.split(' ').length || b.path.length - a.path.length);

export function completionScript(program: Command, shell: 'bash' | 'zsh'): string {
  const cases = arms(program)
    .map((n) => (n.path ? `    "${n.path}"|"${n.path} "*) cands="${n.words.join(' ')}" ;;` : `    *) cands="${n.words.join(' ')}" ;;`))
    .join('\n');
  if (shell === 'bash') {
    return `# bash completion for emctl: eval "$(emctl completion bash)"
_emctl() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" words_so_far="" cands="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in -*) ;; *) words_so_far="\${words_so_far:+$words_so_far }\${COMP_WORDS[i]}" ;; esac
  done
  case "$words_so_far" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$cands" -- "$cur"))
}
complete -F _emctl emctl
`;
  }
  return `#compdef emctl
# zsh completion for emctl: emctl completion zsh > "\${fpath[1]}/_emctl" (or: source <(emctl completion zsh))
_emctl() {
  # Not "path": in zsh that is the array tied to PATH.
  local words_so_far="" cands="" i
  for ((i = 2; i < CURRENT; i++)); do
    [[ "\${words[i]}" == -* ]] || words_so_far="\${words_so_far:+$words_so_far }\${words[i]}"
  done
  case "$words_so_far" in
${cases}
  esac
  compadd -- \${=cands}
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then _emctl "$@"; else compdef _emctl emctl; fi
`;
}

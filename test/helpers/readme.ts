// The README's shell examples, found by their section's heading, for the tests that run them as
// written (test/docs/readme-walkthrough.test.ts, client/test/cli/readme.test.ts). A heading that
// is gone or renamed fails those tests rather than leaving them with nothing to run.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const README = fileURLToPath(new URL('../../README.md', import.meta.url));

/** The text of the README section `## HEADING`, up to the next `## ` heading. */
export function readmeSection(heading: string, file = README): string {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`${file} has no section '## ${heading}'`);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start + 1, end < 0 ? undefined : end + 1);
}

/** The ```sh blocks of a section, in order. */
export function shBlocks(section: string): string[] {
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

/**
 * A block split into whole shell commands: a command goes on while its line ends with a
 * backslash or bash finds it incomplete (an open quote: a request body over several lines).
 * Blank lines and lines holding only a comment between commands are left out.
 */
export function shellCommands(block: string): string[] {
  const commands: string[] = [];
  let current: string[] = [];
  for (const line of block.split('\n')) {
    if (current.length === 0 && (line.trim() === '' || line.trim().startsWith('#'))) continue;
    current.push(line);
    if (line.endsWith('\\')) continue;
    const text = current.join('\n');
    if (spawnSync('bash', ['-n', '-c', text], { stdio: 'ignore' }).status !== 0) continue;
    commands.push(text);
    current = [];
  }
  if (current.length > 0) throw new Error(`an incomplete shell command at the end of a block:\n${current.join('\n')}`);
  return commands;
}

/** Why shell examples cannot run here (bash or a tool they call is missing), or undefined. */
export function missingShellTools(tools: readonly string[]): string | undefined {
  if (spawnSync('bash', ['-c', 'true'], { stdio: 'ignore' }).status !== 0) return 'bash is not installed';
  const missing = tools.filter((t) => spawnSync('bash', ['-c', `command -v ${t}`], { stdio: 'ignore' }).status !== 0);
  return missing.length > 0 ? `${missing.join(', ')} not installed` : undefined;
}

// bin entry: everything the command line does lives in cli/.
import { runCli } from './cli/index.ts';

export function main(argv: string[]): Promise<number> {
  return runCli(argv);
}

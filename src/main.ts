#!/usr/bin/env node
// The `emsec` command (package.json "bin" -> dist/main.js, compiled by npm run build; during
// development `node --import tsx src/main.ts` runs the sources). Everything lives in cli/.
import { runCli } from './cli/index.ts';
import { endQuietlyOnClosedPipe } from './cli/closed-pipe.ts';

endQuietlyOnClosedPipe();

process.exitCode = await runCli(process.argv.slice(2));

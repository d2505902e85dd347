#!/usr/bin/env node
// emctl's entry: a file that exists before the build, so npm can link the bin at install time;
// the command line itself is compiled into dist/ (npm run build, run by prepare).
import '../dist/cli/main.js';

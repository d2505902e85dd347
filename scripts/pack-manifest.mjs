// npm pack (and publish) ship package.json without its `prepare` script. `prepare` builds dist/
// during `npm ci` in a checkout; in the tarball it is dead weight (npm runs a package's `prepare`
// only for git and directory sources, never for a tarball or the registry), yet npm 11 lists it
// as an install script the installer has not approved ("not yet covered by allowScripts") on
// `npm install -g ./emsec-*.tgz`. prepack: save package.json and write it without `prepare`;
// postpack: put the saved one back (docs/decisions.md, "Installed without install-script warnings").
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import process from 'node:process';

const MANIFEST = 'package.json';
const SAVED = 'package.json.prepack';

if (process.argv[2] === 'strip') {
  if (existsSync(SAVED)) {
    process.stderr.write(`${SAVED} exists: an earlier pack did not finish. Check it, move it back to ${MANIFEST}, and pack again.\n`);
    process.exit(1);
  }
  const text = readFileSync(MANIFEST, 'utf8');
  writeFileSync(SAVED, text);
  const manifest = JSON.parse(text);
  delete manifest.scripts.prepare;
  // Replaced at once (a rename), so an emsec starting meanwhile never reads half a file.
  writeFileSync(`${MANIFEST}.tmp`, JSON.stringify(manifest, null, 2) + '\n');
  renameSync(`${MANIFEST}.tmp`, MANIFEST);
} else if (process.argv[2] === 'restore') {
  if (existsSync(SAVED)) renameSync(SAVED, MANIFEST);
} else {
  process.stderr.write('usage: node scripts/pack-manifest.mjs strip|restore\n');
  process.exit(2);
}

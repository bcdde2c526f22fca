#!/usr/bin/env node
// Writes the licence notices of the npm packages bundled into dist/editor.js.
//
//   node web/editor/licenses.mjs OUTFILE        (scripts/build-web: dist/editor.LICENSES.txt)
//
// esbuild runs with --legal-comments=none, so the minified bundle carries no licence
// text; this file does, for every package that contributes code to the bundle. The
// packages are found the way esbuild sees them: the same bundle is built again in
// memory with a metafile (about 0.3 s), and every input file under node_modules/ that
// puts bytes into the output names its package. Each package's name, version and
// licence come from its package.json, the text from its LICENSE file.
// Fails if a bundled package has no licence file; warns if its licence is not MIT.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = 'web/editor/src/editor.js';

const outFile = process.argv[2];
if (!outFile || process.argv.length > 3) {
  console.error('usage: node web/editor/licenses.mjs OUTFILE');
  process.exit(2);
}

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('licenses.mjs: esbuild is not installed (run scripts/setup)');
  process.exit(1);
}

// The same options as scripts/build-web's esbuild command line.
const result = await esbuild.build({
  absWorkingDir: REPO,
  entryPoints: [ENTRY],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  legalComments: 'none',
  write: false,
  outfile: 'editor.js',
  metafile: true,
  logLevel: 'warning',
});

// node_modules/@scope/name/... or node_modules/name/... -> the package's folder.
const packages = new Map(); // folder -> bytes in the bundle
for (const output of Object.values(result.metafile.outputs)) {
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (!bytesInOutput) continue;
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.split(path.sep).join('/'));
    if (!m) continue;
    packages.set(m[1], (packages.get(m[1]) || 0) + bytesInOutput);
  }
}

const LICENSE_FILES = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'LICENCE', 'LICENCE.md', 'LICENCE.txt', 'license', 'license.md'];
const entries = [];
let failed = false;
for (const [folder, bytes] of packages) {
  const dir = path.resolve(REPO, folder);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const licence = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type || 'UNKNOWN';
  const file = LICENSE_FILES.map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (!file) {
    console.error(`licenses.mjs: ${pkg.name}@${pkg.version} is bundled but has no LICENSE file`);
    failed = true;
    continue;
  }
  if (licence !== 'MIT') console.error(`licenses.mjs: NOTE: ${pkg.name}@${pkg.version} is licensed ${licence}, not MIT`);
  entries.push({ name: pkg.name, version: pkg.version, licence, bytes, text: fs.readFileSync(file, 'utf8').trim() });
}
if (failed) process.exit(1);
entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

const rule = '-'.repeat(78);
const lines = [
  'Third-party software in editor.js',
  '',
  'editor.js, the code editor of the IAM Policy Playground, is a minified bundle (made',
  'with esbuild from web/editor/src/editor.js) of the npm packages below. The bundle',
  'leaves out their licence comments, so their licence notices are reproduced here.',
  '',
  ...entries.map((e) => `  ${`${e.name}@${e.version}`.padEnd(40)} ${e.licence}`),
  '',
];
for (const e of entries) {
  lines.push(rule, `${e.name}@${e.version} (${e.licence})`, rule, '', e.text, '');
}
fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
fs.writeFileSync(outFile, lines.join('\n'));
console.log(`licenses.mjs: ${entries.length} bundled packages -> ${path.relative(process.cwd(), path.resolve(outFile))}`);

// Builds dist/ from src/ with tsc, but only when dist/ is not already a finished build of these sources
// (`npm start` runs this before every start; `--force` builds whatever the state).
//
// A finished build leaves dist/.build-stamp.json, written last, holding two hashes: one of what the build
// read (every file under src/, tsconfig.json, package.json, package-lock.json) and one of what it wrote
// (every file under dist/). dist/ is used as it is only when both still match. Contents are hashed, not
// dates, so a copy or unzip that keeps old file times, an edit undone, or a dist/ touched by hand cannot
// fool it. The stamp is removed before tsc starts, so a build cut short (Ctrl+C, a crash, a type error)
// leaves no stamp and the next start builds again; a dist/ deleted whole has no stamp either.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, 'dist');
const stampFile = path.join(dist, '.build-stamp.json');
const STAMP_NAME = path.basename(stampFile);

/** Every file under dir (relative, with forward slashes), sorted, so that the hash does not depend on the disk's order. */
function filesUnder(dir, prefix = '') {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) out.push(...filesUnder(path.join(dir, entry.name), `${rel}/`));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

/** One SHA-256 over the names and contents of the given files (paths relative to root). */
function hashFiles(relPaths) {
  const hash = createHash('sha256');
  for (const rel of relPaths) {
    const file = path.join(root, rel);
    if (!existsSync(file)) continue;
    const content = readFileSync(file);
    hash.update(`${rel}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest('hex');
}

const sourcesHash = () =>
  hashFiles([...filesUnder(path.join(root, 'src')).map((f) => `src/${f}`), 'tsconfig.json', 'package.json', 'package-lock.json']);
const outputHash = () => hashFiles(filesUnder(dist).filter((f) => !f.startsWith(STAMP_NAME)).map((f) => `dist/${f}`));

function readStamp() {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    return typeof stamp.sources === 'string' && typeof stamp.output === 'string' ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/** Why dist/ must be built again, or undefined when it is a finished build of the sources as they are. */
function whyBuild(sources) {
  const stamp = readStamp();
  if (!stamp) return 'dist/ holds no finished build';
  if (stamp.sources !== sources) return 'the sources changed since dist/ was built';
  if (stamp.output !== outputHash()) return 'dist/ changed since it was built';
  return undefined;
}

const force = process.argv.includes('--force');
const sources = sourcesHash();
const reason = force ? 'asked to (--force)' : whyBuild(sources);
if (!reason) {
  console.log('build: dist/ is up to date with src/, nothing to compile');
  process.exit(0);
}
console.log(`build: compiling src/ into dist/ with tsc (${reason})...`);
rmSync(stampFile, { force: true });
const tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) {
  console.error(`build: tsc failed (${run.status ?? run.signal}); dist/ is not marked as built`);
  process.exit(run.status || 1);
}
// The stamp keeps the sources' hash from before tsc read them: a file saved during the build makes the
// next start build again.
const temp = `${stampFile}.${process.pid}.tmp`;
writeFileSync(temp, `${JSON.stringify({ sources, output: outputHash(), builtAt: new Date().toISOString() }, null, 2)}\n`);
renameSync(temp, stampFile);
console.log('build: done');

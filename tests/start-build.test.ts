import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// `npm start` with the project's own package.json, scripts/ and tsconfig.json (without Node's types), on a
// src/ of two small files, so that tsc takes a second or two, not the whole app's 17: the start command is
// what is tested.
const ROOT = fileURLToPath(new URL('../', import.meta.url));

// Says which build ran, and ends. No Node types (\`types: []\` below): tsc then reads little besides its own lib.
const serverTs = `import { greeting } from './greeting.js';
declare const console: { log(text: string): void };
console.log(\`listening: \${greeting}\`);
`;
const greetingTs = (text: string): string => `export const greeting: string = ${JSON.stringify(text)};\n`;

let project = '';

async function makeProject(): Promise<void> {
  project = await mkdtemp(path.join(os.tmpdir(), 'cchc-start-'));
  await cp(path.join(ROOT, 'package.json'), path.join(project, 'package.json'));
  const tsconfig = JSON.parse(await readFile(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  tsconfig.compilerOptions.types = [];
  await writeFile(path.join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
  await cp(path.join(ROOT, 'scripts'), path.join(project, 'scripts'), { recursive: true });
  await symlink(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  await mkdir(path.join(project, 'src'));
  await writeFile(path.join(project, 'src', 'server.ts'), serverTs);
  await writeGreeting('xin chào 1');
}

const writeGreeting = (text: string): Promise<void> => writeFile(path.join(project, 'src', 'greeting.ts'), greetingTs(text));

function npmStart(): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['start'], { cwd: project, env: { ...process.env, npm_config_update_notifier: 'false' }, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, output: stdout + stderr });
    });
  });
}

/** Every file of dist/ with its modification time. */
async function distTimes(): Promise<Record<string, number>> {
  const dist = path.join(project, 'dist');
  const times: Record<string, number> = {};
  for (const name of await readdir(dist, { recursive: true })) {
    const s = await stat(path.join(dist, name));
    if (s.isFile()) times[name] = s.mtimeMs;
  }
  return times;
}

afterEach(async () => {
  if (project) await rm(project, { recursive: true, force: true });
  project = '';
});

describe('npm start', () => {
  it('compiles on the first start, runs the built server without compiling on the second, and compiles a changed source', { timeout: 180_000 }, async () => {
    await makeProject();
    const first = await npmStart();
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain('listening: xin chào 1');
    const built = await distTimes();
    expect(Object.keys(built)).toContain('server.js');

    const second = await npmStart();
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain('build: dist/ is up to date with src/, nothing to compile');
    expect(second.output).toContain('listening: xin chào 1');
    expect(await distTimes()).toEqual(built);

    await writeGreeting('xin chào 2');
    const third = await npmStart();
    expect(third.code, third.output).toBe(0);
    expect(third.output).toContain('the sources changed since dist/ was built');
    expect(third.output).toContain('listening: xin chào 2');
  });

  it('compiles again a dist/ left unfinished or changed, and never runs the output of sources that do not compile', { timeout: 180_000 }, async () => {
    await makeProject();
    expect((await npmStart()).code).toBe(0);

    // A write cut short: half of a built file.
    const greetingJs = path.join(project, 'dist', 'greeting.js');
    const whole = await readFile(greetingJs, 'utf8');
    await writeFile(greetingJs, whole.slice(0, whole.length >> 1));
    const afterCut = await npmStart();
    expect(afterCut.output).toContain('dist/ changed since it was built');
    expect(afterCut.output).toContain('listening: xin chào 1');

    // A build stopped before it finished leaves no stamp.
    await rm(path.join(project, 'dist', '.build-stamp.json'));
    const afterStop = await npmStart();
    expect(afterStop.output).toContain('dist/ holds no finished build');
    expect(afterStop.output).toContain('listening: xin chào 1');

    // tsc still writes JavaScript for a source with a type error: that output must not run, now or next time.
    await writeFile(path.join(project, 'src', 'greeting.ts'), 'export const greeting: string = 42;\n');
    for (let i = 0; i < 2; i++) {
      const broken = await npmStart();
      expect(broken.code, broken.output).not.toBe(0);
      expect(broken.output).toContain('build: tsc failed');
      expect(broken.output).not.toContain('listening');
    }
    await writeGreeting('xin chào 3');
    const fixed = await npmStart();
    expect(fixed.code, fixed.output).toBe(0);
    expect(fixed.output).toContain('listening: xin chào 3');
  });
});

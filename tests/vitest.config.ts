import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { useMemoryScratch } from './scratch-dir.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// Tests must not depend on the host's time zone; run them in one far from Vietnam.
const env = { TZ: 'America/Los_Angeles' };
// Temporary folders in memory where there is room (tests/scratch-dir.ts).
useMemoryScratch();

const testFiles = readdirSync(path.join(root, 'tests'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => `tests/${f.split(path.sep).join('/')}`);
// A file that mocks a module needs modules of its own; every other file shares its worker's imports
// (tests/lifecycle.ts): importing the app again for each file cost more than most files' tests.
const mocking = testFiles.filter((f) => /\bvi\.(do)?[mM]ock\(/.test(readFileSync(path.join(root, f), 'utf8'))).sort();

const LOWDB = { include: ['tests/**/*.test.ts'], exclude: ['tests/storage/postgres*.test.ts', 'tests/tools/**/*.test.ts', 'tests/city/processes.test.ts', 'tests/city/held-upload.test.ts'] };
// The storage contract, every HTTP test, the documents read back as PDF and the crash test again (and the
// move to PostgreSQL), on a PostgreSQL server the run starts itself.
const POSTGRES = {
  include: ['tests/storage/postgres*.test.ts', 'tests/web/**/*.test.ts', 'tests/documents/**/*.test.ts', 'tests/property/**/*.test.ts', 'tests/hardening/access.test.ts', 'tests/crash/**/*.test.ts', 'tests/tools/**/*.test.ts', 'tests/city/**/*.test.ts'],
  // The older LibreOffice test (three documents opened) stays on the embedded store: the *-pdf tests check the same documents' figures on both.
  exclude: ['tests/documents/libreoffice.test.ts'],
  env: { ...env, CCHC_TEST_ENGINE: 'postgres' },
  globalSetup: ['tests/pg/setup.ts'],
};

/** An engine's files in two projects: `name` (sharing imports) and `name-isolated` (the files that mock a module). */
function engine(name: string, files: { include: string[]; exclude?: string[]; env?: Record<string, string>; globalSetup?: string[] }): TestProjectInlineConfiguration[] {
  // Both engines start servers as processes: the server compiled first (tests/server-build.ts; the second time a no-op).
  const common = { environment: 'node', env: files.env ?? env, globalSetup: ['tests/server-build.ts', ...(files.globalSetup ?? [])] };
  return [
    { extends: true, test: { ...common, name, include: files.include, exclude: [...(files.exclude ?? []), ...mocking], isolate: false } },
    { extends: true, test: { ...common, name: `${name}-isolated`, include: mocking, exclude: files.exclude ?? [], isolate: true } },
  ];
}

// The files that take longest (browsers, LibreOffice, crashes, load, property runs): started first, so that
// the many short files fill the workers around them rather than one long file ending the run alone.
const SLOW = [/^tests\/e2e\//, /^tests\/property\//, /^tests\/crash\//, /^tests\/documents\//, /^tests\/load\//, /^tests\/hardening\/damaged-data-dir/, /^tests\/web\/(import-hostile|document-budgets|export-memory|stalled-downloads)\./, /^tests\/city\/(city|held-upload)\./, /^tests\/start-build/];
const SLOW_MS = 10_000;

/**
 * Slow files first, longest first (the last run's durations when vitest has them, else the list above);
 * then the rest project by project, so that a worker goes on from one file to the next of its project
 * without importing the app again.
 */
class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const byBase = await super.sort(files);
    const known = (f: TestSpecification): number | undefined => this.ctx.cache.getFileTestResults(`${f.project.name}:${path.relative(root, f.moduleId)}`)?.duration;
    const slow = (f: TestSpecification): number => {
      const ms = known(f);
      if (ms !== undefined) return ms >= SLOW_MS ? ms : 0;
      const i = SLOW.findIndex((re) => re.test(path.relative(root, f.moduleId).split(path.sep).join('/')));
      return i < 0 ? 0 : SLOW_MS * (SLOW.length - i);
    };
    const weight = new Map(byBase.map((f) => [f, slow(f)]));
    return [...byBase].sort((a, b) => weight.get(b)! - weight.get(a)!);
  }
}

export default defineConfig({
  root,
  test: {
    testTimeout: 20_000,
    // Three files at a time on a 2-core machine (vitest's default there is one): most files wait on a
    // server, a browser, LibreOffice or PostgreSQL much of the time.
    maxWorkers: 3,
    setupFiles: ['tests/setup.ts'],
    sequence: { sequencer: SlowFirst },
    projects: [...engine('lowdb', LOWDB), ...engine('postgres', POSTGRES)],
  },
});

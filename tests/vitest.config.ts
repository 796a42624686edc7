import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests must not depend on the host's time zone; run them in one far from Vietnam.
const env = { TZ: 'America/Los_Angeles' };

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    testTimeout: 20_000,
    // Two files at a time, also on a 2-core machine (vitest's default there is one): most files wait on
    // a server, a browser or the disk, and the run takes about half as long.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'lowdb', include: ['tests/**/*.test.ts'], exclude: ['tests/storage/postgres*.test.ts', 'tests/tools/**/*.test.ts', 'tests/city/processes.test.ts', 'tests/city/held-upload.test.ts'], environment: 'node', env },
      },
      {
        // The storage contract, every HTTP test, the documents read back as PDF and the crash test again (and the move to PostgreSQL), on a PostgreSQL server the run starts itself.
        // The older LibreOffice test (three documents opened) stays on the embedded store: the *-pdf tests check the same documents' figures on both.
        extends: true,
        test: {
          name: 'postgres',
          include: ['tests/storage/postgres*.test.ts', 'tests/web/**/*.test.ts', 'tests/documents/**/*.test.ts', 'tests/property/**/*.test.ts', 'tests/hardening/access.test.ts', 'tests/crash/**/*.test.ts', 'tests/tools/**/*.test.ts', 'tests/city/**/*.test.ts'],
          exclude: ['tests/documents/libreoffice.test.ts'],
          environment: 'node',
          env: { ...env, CCHC_TEST_ENGINE: 'postgres' },
          globalSetup: ['tests/pg/setup.ts'],
        },
      },
    ],
  },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Tests must not depend on the host's time zone; run them in one far from Vietnam.
    env: { TZ: 'America/Los_Angeles' },
    testTimeout: 20_000,
  },
});

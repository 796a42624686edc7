// Before each test file (vitest's setupFiles): the helpers' clean-ups, after each of its tests and after it (tests/lifecycle.ts).
import { afterAll, afterEach } from 'vitest';
import { endFile, endTest } from './lifecycle.js';

afterEach(endTest);
afterAll(endFile);

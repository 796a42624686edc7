/**
 * Clean-ups that test helpers register once, when first imported, run after every test and after every
 * test file. Files share a worker's imports (`isolate: false` in tests/vitest.config.ts): a hook a helper
 * registered itself would belong to the first file that imported it only. tests/setup.ts, run before
 * each file, hooks these into the file.
 */
type Step = () => unknown;

const afterTest: Step[] = [];
const afterFile: Step[] = [];

/** Runs `step` after each test of every file (after the file's own afterEach hooks). */
export function afterEveryTest(step: Step): void {
  afterTest.push(step);
}

/** Runs `step` after every file (after the file's own afterAll hooks). */
export function afterEveryFile(step: Step): void {
  afterFile.push(step);
}

// The last registered first, as vitest runs after-hooks; every step runs, the first failure is reported.
async function runAll(steps: Step[]): Promise<void> {
  const failures: unknown[] = [];
  for (const step of [...steps].reverse()) {
    try {
      await step();
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length) throw failures[0];
}

export const endTest = (): Promise<void> => runAll(afterTest);
export const endFile = (): Promise<void> => runAll(afterFile);

/**
 * Vitest's global set-up: the server that the process tests start (tests/process.ts), compiled from src/
 * into .test-dist/ by TypeScript's transpiler, file by file (the type check is `npm run typecheck`'s).
 * Started from JavaScript, as `npm start` starts dist/, the server costs a third of the CPU it took run
 * through tsx, and a run starts it about a hundred times. Compiled again only when src/ changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Beside src/ and dist/, so that the paths the code finds from its own place (views/, the migrations) are the same. */
export const SERVER_DIR = path.join(ROOT, '.test-dist');
const STAMP = path.join(SERVER_DIR, '.stamp');

export default async function setup(): Promise<void> {
  const src = path.join(ROOT, 'src');
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const hash = createHash('sha256');
  const sources = files.map((f) => {
    const text = readFileSync(path.join(src, f), 'utf8');
    hash.update(`${f}\0${text.length}\0${text}`);
    return { f, text };
  });
  const stamp = hash.digest('hex');
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === stamp) return;
  // Loaded here only: tests/process.ts imports SERVER_DIR from this file.
  const { default: ts } = await import('typescript');
  rmSync(SERVER_DIR, { recursive: true, force: true });
  for (const { f, text } of sources) {
    const out = path.join(SERVER_DIR, f.replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(out), { recursive: true });
    const js = ts.transpileModule(text, { fileName: f, compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false } });
    writeFileSync(out, js.outputText);
  }
  // Written last: a compilation cut short leaves no stamp, and the next run compiles again.
  writeFileSync(STAMP, stamp);
}

/**
 * Reads inside a transaction go through the transaction. On PostgreSQL a transaction holds a pooled
 * client and its commune's lock: a read that asks the pool for another client from inside it waits
 * for a client that the other waiting transactions hold, and with a full pool nobody ever moves. So
 * no code that runs inside a `transaction(…)` callback (or takes a `CommuneTx`) may reach storage
 * any other way: not directly (`scope.commune.x()`, `scope.storage.x()`), and not through a function
 * that does. Read from the source with the TypeScript parser, as a reviewer would.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const FOLDERS = ['services', 'jobs', 'web', 'tools'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
}

type Fn = ts.FunctionLikeDeclaration & { body?: ts.Node };

interface Named {
  name: string;
  where: string;
  node: Fn;
}

/**
 * A call straight to storage: through a commune's or the deployment's storage handle
 * (`x.commune.read()`, `x.storage.users.get()`), or handing such a handle to a function (`f(scope.commune)`).
 */
function storageCallName(call: ts.CallExpression, file: ts.SourceFile): string | null {
  const callee = call.expression.getText(file).replace(/\s+/g, '');
  if (/(^|\.)(commune|storage)(\.\w+)*\.\w+$/.test(callee) && !/^tx\./.test(callee)) return callee;
  const handle = call.arguments.map((a) => a.getText(file).replace(/\s+/g, '')).find((a) => /\.(commune|storage)(\.\w+)*$/.test(a));
  return handle ? `${callee}(${handle})` : null;
}

const calledName = (call: ts.CallExpression): string | null => (ts.isIdentifier(call.expression) ? call.expression.text : null);

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((c) => walk(c, visit));
}

/** The named functions of a file: declarations and `const f = (…) => …`. */
function functionsOf(file: ts.SourceFile, where: string): Named[] {
  const out: Named[] = [];
  walk(file, (n) => {
    if (ts.isFunctionDeclaration(n) && n.name && n.body) out.push({ name: n.name.text, where, node: n });
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer))) {
      out.push({ name: n.name.text, where, node: n.initializer });
    }
  });
  return out;
}

/** The places where code runs inside a transaction: callbacks given to `.transaction(…)`, and functions that take a `CommuneTx`. */
function txBodies(file: ts.SourceFile): Fn[] {
  const out: Fn[] = [];
  walk(file, (n) => {
    if (ts.isCallExpression(n) && /\.transaction$/.test(n.expression.getText(file))) {
      for (const a of n.arguments) if (ts.isArrowFunction(a) || ts.isFunctionExpression(a)) out.push(a);
    }
    if ((ts.isFunctionDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n)) && n.body) {
      if (n.parameters.some((p) => p.type && /\bCommuneTx\b/.test(p.type.getText(file)))) out.push(n);
    }
  });
  return out;
}

/** Every way code inside a transaction reaches storage other than through it, as "file: what". */
export function readsOutsideTransactions(files: { name: string; text: string }[]): string[] {
  const parsed = files.map((f) => ({ name: f.name, sf: ts.createSourceFile(f.name, f.text, ts.ScriptTarget.Latest, true) }));
  const fns = parsed.flatMap((p) => functionsOf(p.sf, p.name).map((f) => ({ ...f, sf: p.sf })));
  // Functions that reach storage themselves, then those that call one of them, until nothing changes.
  const reaching = new Map<string, string>();
  for (const f of fns) {
    walk(f.node.body!, (n) => {
      if (ts.isCallExpression(n) && !reaching.has(f.name)) {
        const s = storageCallName(n, f.sf);
        if (s) reaching.set(f.name, s);
      }
    });
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of fns) {
      if (reaching.has(f.name)) continue;
      walk(f.node.body!, (n) => {
        const callee = ts.isCallExpression(n) ? calledName(n) : null;
        if (callee && callee !== f.name && reaching.has(callee) && !reaching.has(f.name)) {
          reaching.set(f.name, `${callee} → ${reaching.get(callee)}`);
          changed = true;
        }
      });
    }
  }
  const found = new Set<string>();
  for (const p of parsed) {
    for (const body of txBodies(p.sf)) {
      walk(body.body!, (n) => {
        if (!ts.isCallExpression(n)) return;
        const direct = storageCallName(n, p.sf);
        if (direct) found.add(`${p.name}: ${direct}`);
        const callee = calledName(n);
        if (callee && reaching.has(callee)) found.add(`${p.name}: ${callee} → ${reaching.get(callee)}`);
      });
    }
  }
  return [...found].sort();
}

describe('code inside a transaction', () => {
  it('reads only through the transaction, in every service, job and handler', () => {
    const files = FOLDERS.flatMap((d) => sources(path.join(SRC, d))).map((f) => ({ name: path.relative(SRC, f), text: readFileSync(f, 'utf8') }));
    expect(files.length).toBeGreaterThan(20);
    expect(readsOutsideTransactions(files)).toEqual([]);
  });

  it('is caught reading through the pool, directly or through a helper, and nesting a transaction', () => {
    const text = `
      export async function recordEntry(scope: Scope, id: number) {
        return scope.commune.transaction(async (tx) => {
          const last = await scope.commune.lastAirings([id]);
          await storeRow(tx, scope);
          return last;
        });
      }
      async function storeRow(tx: CommuneTx, scope: Scope) {
        const v = await vocabularyOf(scope);
        await own.commune.transaction((t) => t.userCount());
        return tx.createEntry(v);
      }
      const vocabularyOf = async (scope: Scope) => settingsOf(scope);
      export async function saveTask(scope: Scope) {
        await scope.commune.transaction(async (tx) => tx.putPlanTasks(2026, (await yearPlan(scope, 2026)).tasks));
      }
      const yearPlan = (scope: Scope, year: number) => planOf(scope.commune, year);
      async function settingsOf(scope: Scope) { return scope.commune.settings(); }
      export async function fine(scope: Scope) {
        const s = await scope.commune.settings();
        return scope.commune.transaction(async (tx) => { await tx.settings(); return tx.lastAirings([s.id]); });
      }`;
    expect(readsOutsideTransactions([{ name: 'x.ts', text }])).toEqual([
      'x.ts: own.commune.transaction',
      'x.ts: scope.commune.lastAirings',
      'x.ts: storeRow → own.commune.transaction',
      'x.ts: vocabularyOf → settingsOf → scope.commune.settings',
      'x.ts: yearPlan → planOf(scope.commune)',
    ]);
  });
});

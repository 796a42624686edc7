/**
 * The shape of src/: no import circles, and every folder imports only from the layers below it
 * (domain ← render, ingest, storage ← services ← jobs, web ← the app and the server), with the embedded
 * engine reachable only through the storage port; the web layer calls services, never the storage,
 * and services speak no HTTP. Read from the source, as a reviewer would.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
}

/** Module (path relative to src, without .ts) → the modules of src it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    const from = path.relative(SRC, file).replace(/\.ts$/, '');
    const targets: string[] = [];
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
      targets.push(path.relative(SRC, path.resolve(path.dirname(file), m[1]!)).replace(/\.js$/, ''));
    }
    graph.set(from, targets);
  }
  return graph;
}

/** The layer of a module: its first folder, or `top` for the files directly in src. */
const layerOf = (mod: string): string => (mod.includes('/') ? mod.split('/')[0]! : 'top');

const ALLOWED: Record<string, string[]> = {
  domain: ['domain'],
  security: ['security'],
  storage: ['domain', 'storage'],
  // Use cases write their documents (render) and read spreadsheets (ingest) themselves.
  services: ['domain', 'security', 'storage', 'services', 'render', 'ingest'],
  render: ['domain', 'render', 'top'],
  ingest: ['domain', 'ingest', 'top'],
  jobs: ['domain', 'services', 'render', 'jobs'],
  web: ['domain', 'security', 'services', 'render', 'ingest', 'storage', 'web', 'top'],
  top: ['domain', 'security', 'storage', 'services', 'render', 'ingest', 'jobs', 'web', 'top'],
  // Operator commands (moving a ward's data): wiring, like the server.
  tools: ['domain', 'storage', 'tools', 'top'],
};

describe('the source tree', () => {
  const graph = importGraph();

  it('has no import circle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (mod: string, trail: string[]): void => {
      if (state.get(mod) === 'done') return;
      if (state.get(mod) === 'open') {
        circles.push([...trail.slice(trail.indexOf(mod)), mod].join(' → '));
        return;
      }
      state.set(mod, 'open');
      for (const next of graph.get(mod) ?? []) visit(next, [...trail, mod]);
      state.set(mod, 'done');
    };
    for (const mod of graph.keys()) visit(mod, []);
    expect(circles).toEqual([]);
  });

  it('imports only downwards, and reaches the embedded engine only through the storage port', () => {
    const wrong: string[] = [];
    for (const [mod, targets] of graph) {
      for (const target of targets) {
        const from = layerOf(mod);
        const to = layerOf(target);
        if (!ALLOWED[from]!.includes(to)) wrong.push(`${mod} → ${target}`);
        // Only the storage folder itself and the top-level wiring (the server, the tools) know an engine.
        if (target.startsWith('storage/lowdb/') && !mod.startsWith('storage/') && from !== 'top' && from !== 'tools') wrong.push(`${mod} → ${target}`);
        // Only the server and the tests build the app.
        if (target === 'app' && mod !== 'server') wrong.push(`${mod} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  /** Every import statement of a module: whether it imports types only, and from where (as written). */
  const importsOf = (mod: string): { typeOnly: boolean; from: string; names: string }[] =>
    [...readFileSync(path.join(SRC, `${mod}.ts`), 'utf8').matchAll(/(?:^|\n)\s*(import|export)\s+(type\s+)?([^'"]*?)\bfrom\s+['"]([^'"]+)['"]/g)].map((m) => ({
      typeOnly: !!m[2] || (m[1] === 'import' && /^\{[^}]*\}\s*$/.test(m[3]!.trim()) && m[3]!.replace(/[{}\s]/g, '').split(',').filter(Boolean).every((n) => n.startsWith('type'))),
      from: m[4]!,
      names: m[3]!,
    }));
  const under = (mod: string, layer: string, from: string): boolean => from.startsWith('.') && path.relative(SRC, path.resolve(path.dirname(path.join(SRC, mod)), from)).startsWith(`${layer}/`);

  it('lets the web layer import only types from the storage: it calls services', () => {
    const wrong = [...graph.keys()]
      .filter((mod) => layerOf(mod) === 'web')
      .flatMap((mod) => importsOf(mod).filter((i) => under(mod, 'storage', i.from) && !i.typeOnly).map((i) => `${mod} → ${i.from}`));
    expect(wrong).toEqual([]);
  });

  it('keeps HTTP out of the services: no Express, no status helpers, no web layer, no HttpError', () => {
    const HTTP_PACKAGES = /^(express|express-[\w-]+|http-errors|statuses|http-status(-codes)?|multer|supertest)$/;
    const wrong: string[] = [];
    for (const mod of [...graph.keys()].filter((m) => layerOf(m) === 'services')) {
      for (const i of importsOf(mod)) {
        if (HTTP_PACKAGES.test(i.from) || under(mod, 'web', i.from) || /\bHttpError\b/.test(i.names)) wrong.push(`${mod} → ${i.from}`);
      }
      if (/\bHttpError\b|\bres\.status\(/.test(readFileSync(path.join(SRC, `${mod}.ts`), 'utf8'))) wrong.push(`${mod}: speaks HTTP`);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps lowdb inside the embedded engine', () => {
    const users = [...graph.keys()].filter((mod) => /from ['"]lowdb['"]/.test(readFileSync(path.join(SRC, `${mod}.ts`), 'utf8')));
    expect(users.length).toBeGreaterThan(0);
    expect(users.filter((mod) => !mod.startsWith('storage/lowdb/'))).toEqual([]);
  });

  // A file holds one thing, named by its name (the README says where things live); this is only a ceiling.
  it('has no source file over 450 lines', () => {
    const long = sources(SRC)
      .map((f) => [path.relative(SRC, f), readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > 450);
    expect(long).toEqual([]);
  });

  it('names every storage file where the README says where things live', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('- Where things live in storage.');
    expect(start).toBeGreaterThan(0);
    const end = readme.indexOf('\n- ', start + 1);
    const section = readme.slice(start, end < 0 ? undefined : end);
    const files = sources(path.join(SRC, 'storage')).map((f) => path.basename(f));
    expect(files.filter((name) => !section.includes(`${name}\``))).toEqual([]);
  });

  // One name per idea (README, "One name per idea"): a broadcast is never a "session" (that is a log-in's),
  // the year plan never a bare "plan" (an import has one too), view counts never bare "views" (the templates').
  it('gives each idea one name: no file or exported name reuses another idea\'s', () => {
    const files = sources(SRC).map((f) => path.relative(SRC, f).split(path.sep).join('/'));
    const ambiguousFile = /(^|\/)(sessions?|plan|views|counts|docs)\.ts$/;
    expect(files.filter((f) => ambiguousFile.test(f))).toEqual([]);
    const exported = sources(SRC).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/^export (?:async )?(?:interface|type|function|const|class) (\w+)/gm)].map((m) => `${path.relative(SRC, f)}: ${m[1]}`),
    );
    // A session is a log-in's; a plan a year's, an import's or a slot's; a bare "View" is no idea of its own.
    const ambiguousName = /: \w*(?<!Login)Session(?!Secret|Version)|: \w*(?<![Yy]ear|[Ii]mport|Slot)Plan(?!ned)|: \w*View$/;
    expect(exported.filter((e) => ambiguousName.test(e))).toEqual([]);
    const templates = readdirSync(fileURLToPath(new URL('../views/', import.meta.url)));
    expect(templates.filter((d) => /^(sessions?|plan)$/.test(d))).toEqual([]);
  });
});

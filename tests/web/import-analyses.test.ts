import { describe, expect, it } from 'vitest';
import type { ImportAnalysis } from '../../src/services/imports.js';
import { ImportAnalyses } from '../../src/services/import-analyses.js';

const at = (minutes: number): Date => new Date(Date.UTC(2026, 10, 23, 3, minutes));
const used = (title: number) => ({ mapping: { columns: { title, at: 0 }, defaults: {} }, headerRows: [1], sheets: null, partsOfDay: { sang: '06:00', trua: '11:00', chieu: '17:00', toi: '19:00' } });
const analysis = (problems = 0): ImportAnalysis =>
  ({ used: used(1), problems: Array.from({ length: problems }, () => ({ row: 2, column: 'Tiêu đề', message: 'x' })) }) as unknown as ImportAnalysis;
const key = { commune: 'main', sha256: 'abc', settings: '{"units":[]}', options: null };

describe('the analysis kept for the import that follows a preview or dry run', () => {
  it('is found for the same file, commune, settings and options, for ten minutes', () => {
    const kept = new ImportAnalyses();
    const a = analysis();
    kept.keep(key, a, at(0));
    expect(kept.find(key, at(10))).toBe(a);
    expect(kept.find(key, at(11))).toBeNull();
  });

  it('is not found for another file, commune, settings or options', () => {
    const kept = new ImportAnalyses();
    const a = analysis();
    kept.keep(key, a, at(0));
    expect(kept.find({ ...key, sha256: 'def' }, at(1))).toBeNull();
    expect(kept.find({ ...key, commune: 'other' }, at(1))).toBeNull();
    expect(kept.find({ ...key, settings: '{"units":[1]}' }, at(1))).toBeNull();
    expect(kept.find({ ...key, options: used(2) }, at(1))).toBeNull();
    // The options it used, sent back from the preview page, are the same analysis.
    expect(kept.find({ ...key, options: used(1) }, at(1))).toBe(a);
  });

  it('keeps nothing of an analysis with problems, and lets go once imported', () => {
    const kept = new ImportAnalyses();
    kept.keep(key, analysis(1), at(0));
    expect(kept.find(key, at(0))).toBeNull();
    kept.keep(key, analysis(), at(0));
    kept.forget('abc');
    expect(kept.find(key, at(0))).toBeNull();
  });
});

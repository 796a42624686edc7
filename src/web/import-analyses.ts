import { isDeepStrictEqual } from 'node:util';
import type { ImportMapping } from '../domain/import-columns.js';
import type { ImportAnalysis } from '../services/imports.js';

/** How long an analysis is kept for the import that follows its preview or dry run. */
const KEEP_MS = 10 * 60_000;

/** What an analysis depends on besides the log (which the import checks again when it stores). */
export interface AnalysisKey {
  commune: string;
  sha256: string;
  /** The settings in force (vocabularies), as JSON. */
  settings: string;
  /** The mapping asked for; null for the one read from the headers. */
  mapping: ImportMapping | null;
}

/**
 * The last clean analysis of an uploaded file (no problems found), kept a few minutes so that the
 * import right after its preview or dry run does not read and check the whole file again. One is
 * kept at a time; importing it, or another file's analysis, lets it go.
 */
export class ImportAnalyses {
  private kept: { key: AnalysisKey; at: number; analysis: ImportAnalysis } | null = null;

  find(key: AnalysisKey, now: Date): ImportAnalysis | null {
    const k = this.kept;
    if (!k || now.getTime() - k.at > KEEP_MS) return null;
    const same = k.key.commune === key.commune && k.key.sha256 === key.sha256 && k.key.settings === key.settings;
    // A mapping typed on the preview page is the mapping the analysis used, when nothing was changed.
    const sameMapping = key.mapping === null ? k.key.mapping === null : isDeepStrictEqual(key.mapping, k.analysis.mapping) || isDeepStrictEqual(key.mapping, k.key.mapping);
    return same && sameMapping ? k.analysis : null;
  }

  keep(key: AnalysisKey, analysis: ImportAnalysis, now: Date): void {
    this.kept = analysis.problems.length ? null : { key, at: now.getTime(), analysis };
  }

  forget(sha256: string): void {
    if (this.kept?.key.sha256 === sha256) this.kept = null;
  }
}

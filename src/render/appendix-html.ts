import { readFile } from 'node:fs/promises';
import ejs from 'ejs';
import type { Period } from '../domain/periods.js';
import type { TaskResult } from '../domain/year-plan.js';
import type { Settings } from '../domain/settings.js';
import { PUBLIC_DIR, VIEWS_DIR } from '../paths.js';
import { viewHelpers } from './view-helpers.js';

/**
 * The appendix by task as one HTML file that stands alone (its style sheet inside it): the page's own
 * view, printed without the page's links and forms, for the evidence bundle.
 */
export async function appendixHtml(period: Period, plan: { source: string }, rows: readonly TaskResult[], settings: Settings): Promise<string> {
  const inlineCss = await readFile(`${PUBLIC_DIR}/appendix.css`, 'utf8');
  return ejs.renderFile(`${VIEWS_DIR}/reports/appendix.ejs`, { ...viewHelpers, title: 'Phụ lục kết quả tuyên truyền CCHC', period, plan, rows, settings, linkQuery: '', backLink: '', inlineCss });
}

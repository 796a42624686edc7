import type * as Appendix from './appendix-docx.js';
import type * as City from './city-docx.js';
import type * as Logbook from './logbook-docx.js';
import type * as Report from './report-docx.js';

// The Word documents are built with the `docx` package, which is loaded by the first document asked
// for rather than by every start of the server (the handlers import these, never the renderers).

/** The appendix by task as a .docx (see appendix-docx.ts). */
export const appendixDocx: typeof Appendix.appendixDocx = async (...args) => (await import('./appendix-docx.js')).appendixDocx(...args);

/** The report as a .docx (see report-docx.ts). */
export const reportDocx: typeof Report.reportDocx = async (...args) => (await import('./report-docx.js')).reportDocx(...args);

let lastBook: Promise<unknown> = Promise.resolve();

/**
 * The radio log book as a .docx (see logbook-docx.ts), one book at a time in a process: the Word
 * writer holds a whole book in memory (about 110 MB per 1,000 airings at its peak, measured), so two
 * year books asked for at once are built one after the other instead of doubling the peak.
 */
export const logbookDocx: typeof Logbook.logbookDocx = (...args) => {
  const build = async () => (await import('./logbook-docx.js')).logbookDocx(...args);
  const mine = lastBook.then(build, build);
  lastBook = mine.catch(() => undefined);
  return mine;
};

/** The city's report as a .docx (see city-docx.ts). */
export const cityReportDocx: typeof City.cityReportDocx = async (...args) => (await import('./city-docx.js')).cityReportDocx(...args);

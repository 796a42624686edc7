import ejs from 'ejs';
import { stringify } from 'csv-stringify/sync';
import nodemailer from 'nodemailer';
import { SUMMARY_COLUMNS, summaryRows } from '../domain/summary-rows.js';
import { fmtDate } from '../domain/time.js';
import { VIEWS_DIR } from '../paths.js';
import type { Store, Summary } from '../store/store.js';
import { viewHelpers } from '../web/view-helpers.js';

export interface MailConfig {
  /** smtp://user:password@host:port (smtps:// for TLS from the start). */
  smtpUrl: string;
  from: string;
  to: string[];
  /** Waits between attempts; one attempt more than there are waits. */
  retryDelaysMs: number[];
}

/** A summary's CSV, as downloaded from its page: UTF-8 with BOM for Excel. */
export function summaryCsv(summary: Summary): string {
  return stringify(summaryRows(summary.figures), { bom: true, header: true, columns: [...SUMMARY_COLUMNS], record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

/** The e-mail's subject line. */
export function summarySubject(summary: Summary, commune: string): string {
  return `Tổng hợp tuyên truyền CCHC tuần ${fmtDate(summary.figures.weekStart)}–${fmtDate(summary.figures.weekEnd)}${commune ? ` · ${commune}` : ''}`;
}

/**
 * E-mails a stored summary (HTML, with its CSV attached), retrying after each wait; each attempt's
 * outcome is recorded on the summary. A failure is logged and never touches the summary's figures.
 */
export async function deliverSummary(store: Store, summary: Summary, mail: MailConfig, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Promise<boolean> {
  const settings = store.settings();
  const commune = settings.communeName ? `${settings.communeKind} ${settings.communeName}` : '';
  const html = await ejs.renderFile(`${VIEWS_DIR}/summaries/email.ejs`, { ...viewHelpers, summary, f: summary.figures, commune });
  const transport = nodemailer.createTransport(mail.smtpUrl);
  let lastError = '';
  const attempts = mail.retryDelaysMs.length + 1;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await transport.sendMail({
        from: mail.from,
        to: mail.to.join(', '),
        subject: summarySubject(summary, commune),
        html,
        attachments: [{ filename: `tong-hop-tuan_${summary.figures.weekStart}.csv`, content: summaryCsv(summary), contentType: 'text/csv; charset=utf-8' }],
      });
      await store.setSummaryDelivery(summary.id, { status: 'sent', attempts: attempt, lastError: null, at: new Date().toISOString() });
      return true;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
      console.warn(`Weekly summary ${summary.id} (week of ${summary.figures.weekStart}): e-mail attempt ${attempt}/${attempts} failed: ${lastError}`);
      const final = attempt === attempts;
      await store.setSummaryDelivery(summary.id, { status: final ? 'failed' : 'pending', attempts: attempt, lastError, at: new Date().toISOString() });
      if (!final) await sleep(mail.retryDelaysMs[attempt - 1]!);
    }
  }
  console.error(`Weekly summary ${summary.id}: not delivered after ${attempts} attempts; it stays on the Tổng hợp tuần page.`);
  transport.close();
  return false;
}

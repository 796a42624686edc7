import type { Summary } from '../domain/summary.js';
import { summaryCsv, summaryEmailHtml, summarySubject } from '../render/summary.js';
import type { Scope } from '../services/scope.js';
import { settingsOf } from '../services/settings.js';
import { setDelivery } from '../services/summaries.js';

export interface MailConfig {
  /** smtp://user:password@host:port (smtps:// for TLS from the start). */
  smtpUrl: string;
  from: string;
  to: string[];
  /** Waits between attempts; one attempt more than there are waits. */
  retryDelaysMs: number[];
}

/**
 * E-mails a stored summary (HTML, with its CSV attached), retrying after each wait; each attempt's
 * outcome is recorded on the summary. A failure is logged and never touches the summary's figures.
 */
export async function deliverSummary(scope: Scope, summary: Summary, mail: MailConfig, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Promise<boolean> {
  const settings = await settingsOf(scope);
  const commune = settings.communeName ? `${settings.communeKind} ${settings.communeName}` : '';
  const html = await summaryEmailHtml(summary, commune);
  // Loaded when a summary is sent: most deployments never send one, and every start would pay for it.
  const { default: nodemailer } = await import('nodemailer');
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
        attachments: [{ filename: `tong-hop-tuan_${summary.figures.weekStart}.csv`, content: summaryCsv(summary, settings.csvSeparator), contentType: 'text/csv; charset=utf-8' }],
      });
      await setDelivery(scope, summary.id, { status: 'sent', attempts: attempt, lastError: null, at: new Date().toISOString() });
      return true;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
      console.warn(`Weekly summary ${summary.id} (week of ${summary.figures.weekStart}): e-mail attempt ${attempt}/${attempts} failed: ${lastError}`);
      const final = attempt === attempts;
      await setDelivery(scope, summary.id, { status: final ? 'failed' : 'pending', attempts: attempt, lastError, at: new Date().toISOString() });
      if (!final) await sleep(mail.retryDelaysMs[attempt - 1]!);
    }
  }
  console.error(`Weekly summary ${summary.id}: not delivered after ${attempts} attempts; it stays on the Tổng hợp tuần page.`);
  transport.close();
  return false;
}

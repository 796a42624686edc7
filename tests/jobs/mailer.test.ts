import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deliverSummary } from '../../src/jobs/mailer.js';
import { runWeeklySummary } from '../../src/services/summaries.js';
import type { Summary } from '../../src/domain/summary.js';
import type { TestStore as Store } from '../test-store.js';
import { draft, ensureUser, openStore, tempDataDir } from '../helpers.js';

/** Monday 2026-11-23 07:00 in Vietnam. */
const NOW = new Date('2026-11-23T00:00:00Z');
const FROM = 'Nhật ký CCHC <tonghop@anhai.vn>';
const TO = ['lanhdao@anhai.vn'];

interface TestSmtp {
  port: number;
  /** RCPT TO commands seen: one per delivery attempt. */
  rcptAttempts: number;
  /** DATA commands seen. */
  dataAttempts: number;
  /** Raw messages accepted. */
  messages: { from: string; to: string[]; raw: Buffer }[];
}

const servers: SMTPServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  vi.restoreAllMocks();
});

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** A real SMTP server on loopback; `rcpt` / `data` may fail an attempt (1-based) by returning an error. */
async function startSmtp(fail: { rcpt?: (attempt: number) => Error | null; data?: (attempt: number) => Error | null } = {}): Promise<TestSmtp> {
  const state: TestSmtp = { port: 0, rcptAttempts: 0, dataAttempts: 0, messages: [] };
  const options: SMTPServerOptions = {
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    closeTimeout: 500,
    onRcptTo(_address, _session, callback) {
      state.rcptAttempts++;
      callback(fail.rcpt?.(state.rcptAttempts) ?? null);
    },
    onData(stream, session, callback) {
      state.dataAttempts++;
      const attempt = state.dataAttempts;
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const err = fail.data?.(attempt) ?? null;
        if (!err) {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          state.messages.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        }
        callback(err);
      });
    },
  };
  const server = new SMTPServer(options);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.port = (server.server.address() as AddressInfo).port;
  return state;
}

// ----- a small MIME reader (enough for what nodemailer writes) -----

interface MimePart {
  headers: Map<string, string>;
  body: Buffer;
}

function decodeQuotedPrintable(text: string): Buffer {
  const bytes: number[] = [];
  const s = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(s.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

/** Decodes RFC 2047 encoded-words (UTF-8, B or Q); adjacent words are joined before UTF-8 decoding. */
function decodeHeader(value: string): string {
  const re = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  let out = '';
  let pending: Buffer[] = [];
  let last = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const between = value.slice(last, m.index);
    if (!(pending.length && /^\s*$/.test(between))) {
      out += Buffer.concat(pending).toString('utf8') + between;
      pending = [];
    }
    const [, , enc, text] = m as unknown as [string, string, string, string];
    pending.push(enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : decodeQuotedPrintable(text.replace(/_/g, ' ')));
    last = re.lastIndex;
  }
  return out + Buffer.concat(pending).toString('utf8') + value.slice(last);
}

function parsePart(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const decoded = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : Buffer.from(body, 'latin1');
  return { headers, body: decoded };
}

/** The message's headers and its leaf parts (multiparts flattened). */
function parseMessage(raw: Buffer): { headers: Map<string, string>; parts: MimePart[] } {
  const leaves = (text: string): { top: MimePart; parts: MimePart[] } => {
    const top = parsePart(text);
    const boundary = /boundary="?([^";]+)"?/i.exec(top.headers.get('content-type') ?? '')?.[1];
    if (!boundary || !/^multipart\//i.test(top.headers.get('content-type') ?? '')) return { top, parts: [top] };
    const body = text.slice(text.indexOf('\r\n\r\n') + 4);
    const chunks = body.split(`--${boundary}`).slice(1);
    const parts = chunks.filter((c) => !c.startsWith('--')).flatMap((c) => leaves(c.replace(/^\r\n/, '').replace(/\r\n$/, '')).parts);
    return { top, parts };
  };
  const { top, parts } = leaves(raw.toString('latin1'));
  return { headers: top.headers, parts };
}

// ----- fixtures -----

/** A store with one radio entry in the week 16–22/11/2026, its scheduled summary made for delivery. */
async function storeWithSummary(dataDir?: string): Promise<{ store: Store; summary: Summary }> {
  const store = await openStore({ clock: () => NOW, ...(dataDir ? { dataDir } : {}) });
  await ensureUser(store, 'an', 'editor');
  await store.updateSettings({ ...(await store.settings()), communeName: 'An Hải', communeKind: 'phường' }, 'admin');
  // Radio 20/11 06:30, 2 plays × 180 s.
  await store.addEntry(draft(), 'an');
  const [summary] = await runWeeklySummary(store, NOW, { deliver: true });
  expect(summary?.delivery.status).toBe('pending');
  return { store, summary: summary! };
}

function mailConfig(port: number): { smtpUrl: string; from: string; to: string[]; retryDelaysMs: number[] } {
  return { smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, to: TO, retryDelaysMs: [10, 10] };
}

describe('e-mail delivery of a weekly summary', () => {
  it('sends one HTML mail with the week in its subject and the CSV attached, and records it as sent', async () => {
    const smtp = await startSmtp();
    const { store, summary } = await storeWithSummary();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    expect(await deliverSummary(store, summary, mailConfig(smtp.port))).toBe(true);

    expect(smtp.messages).toHaveLength(1);
    const message = smtp.messages[0]!;
    expect(message.from).toBe('tonghop@anhai.vn');
    expect(message.to).toEqual(['lanhdao@anhai.vn']);
    const mail = parseMessage(message.raw);
    expect(decodeHeader(mail.headers.get('subject') ?? '')).toBe('Tổng hợp tuyên truyền CCHC tuần 16/11/2026–22/11/2026 · phường An Hải');
    expect(mail.headers.get('to')).toContain('lanhdao@anhai.vn');

    const html = mail.parts.filter((p) => /^text\/html/i.test(p.headers.get('content-type') ?? ''));
    expect(html).toHaveLength(1);
    const htmlText = html[0]!.body.toString('utf8');
    expect(htmlText).toContain('Tổng hợp tuyên truyền CCHC tuần 16/11/2026–22/11/2026 · phường An Hải');
    expect(htmlText).toContain('Lượt phát/đăng');

    const attachments = mail.parts.filter((p) => /^attachment/i.test(p.headers.get('content-disposition') ?? ''));
    expect(attachments).toHaveLength(1);
    const csv = attachments[0]!;
    expect(decodeHeader(csv.headers.get('content-disposition') ?? '')).toMatch(/filename="?tong-hop-tuan_2026-11-16\.csv"?/);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/i);
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.body.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Nhóm,Mục,Lượt phát/đăng,Lượt phát,Tin bài,Thời lượng phát (giây),Lượt xem,Lượt tương tác');
    // One entry: 2 plays × 180 s.
    expect(lines[1]).toBe('Tuần,16/11/2026–22/11/2026,1,2,1,360,0,0');

    expect((await store.summary(summary.id))?.delivery).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect((await store.summary(summary.id))?.delivery.at).toEqual(expect.any(String));
    expect(smtp.rcptAttempts).toBe(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it('attaches the CSV with the separator the settings choose', async () => {
    const smtp = await startSmtp();
    const { store, summary } = await storeWithSummary();
    await store.updateSettings({ ...(await store.settings()), csvSeparator: ';' }, 'admin');
    expect(await deliverSummary(store, summary, mailConfig(smtp.port))).toBe(true);
    const attachment = parseMessage(smtp.messages[0]!.raw).parts.find((p) => /^attachment/i.test(p.headers.get('content-disposition') ?? ''))!;
    const lines = attachment.body.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]!.startsWith('Nhóm;Mục;Lượt phát/đăng;')).toBe(true);
    expect(lines[1]).toMatch(/^Tuần;16\/11\/2026–22\/11\/2026;1;2;1;360;/);
  });

  it.each([
    ['RCPT TO', 550, { rcpt: () => smtpError(550, 'Mailbox unavailable') }],
    ['DATA', 451, { data: () => smtpError(451, 'Try again later') }],
  ] as const)('tries 3 times when the server refuses at %s with %i, then records the failure and keeps the summary', async (_stage, code, fail) => {
    const smtp = await startSmtp(fail);
    const dataDir = await tempDataDir();
    const { store, summary } = await storeWithSummary(dataDir);
    const figures = structuredClone(summary.figures);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const waits: number[] = [];
    const sleep = (ms: number) => {
      waits.push(ms);
      return new Promise<void>((r) => setTimeout(r, ms));
    };

    expect(await deliverSummary(store, summary, mailConfig(smtp.port), sleep)).toBe(false);

    expect(smtp.rcptAttempts).toBe(3);
    expect(smtp.messages).toEqual([]);
    expect(waits).toEqual([10, 10]);
    const delivery = (await store.summary(summary.id))!.delivery;
    expect(delivery).toMatchObject({ status: 'failed', attempts: 3 });
    expect(delivery.lastError).toContain(String(code));
    expect(warn).toHaveBeenCalledTimes(3);
    expect(String(warn.mock.calls[2]![0])).toContain('2026-11-16');

    const listed = (await store.listSummaries());
    expect(listed.map((s) => s.id)).toEqual([summary.id]);
    expect(listed[0]!.figures).toEqual(figures);
    expect(listed[0]!.figures.totals).toEqual({ entries: 1, plays: 2, items: 1, airtimeSeconds: 360, views: 0, interactions: 0 });

    await store.close();
    const reopened = await openStore({ dataDir, clock: () => NOW });
    expect((await reopened.summary(summary.id))?.delivery).toMatchObject({ status: 'failed', attempts: 3 });
    expect((await reopened.summary(summary.id))?.figures).toEqual(figures);
  });

  it('delivers on the second attempt when the server fails once, then accepts', async () => {
    const smtp = await startSmtp({ data: (attempt) => (attempt === 1 ? smtpError(451, 'Greylisted, try again') : null) });
    const { store, summary } = await storeWithSummary();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const between: Summary['delivery'][] = [];
    const sleep = async (ms: number) => {
      between.push((await store.summary(summary.id))!.delivery);
      return new Promise<void>((r) => setTimeout(r, ms));
    };

    expect(await deliverSummary(store, summary, mailConfig(smtp.port), sleep)).toBe(true);

    expect(smtp.dataAttempts).toBe(2);
    expect(smtp.messages).toHaveLength(1);
    expect(between).toHaveLength(1);
    expect(between[0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect(between[0]!.lastError).toContain('451');
    expect((await store.summary(summary.id))?.delivery).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEveryFile } from '../lifecycle.js';

const run = promisify(execFile);
const SOFFICE = process.env.SOFFICE_PATH ?? '/usr/bin/soffice';
const PDFTOTEXT = process.env.PDFTOTEXT_PATH ?? '/usr/bin/pdftotext';

/** A Word document as the office reads it before signing: converted to PDF, then read back page by page. */
export interface PdfRead {
  /** The number of pages of the PDF. */
  pages: number;
  /** Each page's text as `pdftotext -layout` lays it out (lines as printed). */
  pageTexts: string[];
  /** Every line of every page, trimmed, empty lines left out. */
  lines: string[];
  /** The whole text, pages joined. */
  text: string;
  /** Where the PDF was written (for `pdftoppm` when a person looks at it). */
  pdfPath: string;
}

const dirs: string[] = [];
afterEveryFile(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/**
 * Converts a .docx with LibreOffice Writer (headless, a profile of its own) to PDF and reads the PDF
 * back with Poppler's `pdftotext -layout`: the printed lines, so a test can see a motto that wraps or a
 * time split across lines.
 */
export async function docxToPdf(bytes: Buffer, name: string): Promise<PdfRead> {
  return (await docxToPdfs([{ bytes, name }]))[0]!;
}

/**
 * `docxToPdf` for several documents (names distinct), converted by one start of LibreOffice: a start
 * costs some 4 s of CPU, converting one of these documents a fraction of that.
 */
export async function docxToPdfs(docs: { bytes: Buffer; name: string }[]): Promise<PdfRead[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cchc-pdf-'));
  dirs.push(dir);
  const files = docs.map(({ name }) => path.join(dir, `${name}.docx`));
  for (const [i, { bytes }] of docs.entries()) await writeFile(files[i]!, bytes);
  const profile = `-env:UserInstallation=file://${path.join(dir, 'profile')}`;
  await run(SOFFICE, [profile, '--headless', '--convert-to', 'pdf', '--outdir', dir, ...files], { timeout: 120_000 });
  return Promise.all(docs.map(({ name }) => readPdf(path.join(dir, `${name}.pdf`))));
}

async function readPdf(pdfPath: string): Promise<PdfRead> {
  const { stdout } = await run(PDFTOTEXT, ['-layout', '-enc', 'UTF-8', pdfPath, '-'], { maxBuffer: 64 * 1024 * 1024 });
  // pdftotext ends each page with a form feed; the last one leaves an empty tail.
  const pageTexts = stdout.split('\f');
  if (pageTexts.length > 1 && pageTexts.at(-1)!.trim() === '') pageTexts.pop();
  const pdf = await readFile(pdfPath, 'latin1');
  const pages = pdf.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
  const lines = pageTexts.flatMap((p) => p.split('\n')).map((l) => l.trim()).filter(Boolean);
  return { pages, pageTexts, lines, text: pageTexts.join('\n'), pdfPath };
}

/** A printed line holding `text` whole (after folding runs of spaces that the layout puts between columns). */
export function lineWith(read: PdfRead, text: string): string | undefined {
  return read.lines.find((l) => l.replace(/\s+/g, ' ').includes(text));
}

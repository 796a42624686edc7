// Runs before the tests (npm's pretest): the browser tests need Debian's Chromium headless shell, the Word
// documents are opened by LibreOffice Writer (converted to PDF) to prove they open without repair,
// and their PDFs read back as text with Poppler's pdftotext (lines, pages), set in the Liberation fonts 2.x
// (LibreOffice's Times New Roman on Linux: only 2.x, fonts-liberation2, has every Vietnamese letter; with
// 1.07 alone some letters came from another font, lines wrapped elsewhere and the PDF tests failed),
// and the PostgreSQL engine's tests start a throwaway server from Debian's PostgreSQL binaries.
// On a new machine of this project's kind (root, with apt) what is missing is installed here;
// elsewhere this says what to install.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';
const soffice = process.env.SOFFICE_PATH ?? '/usr/bin/soffice';
const pdftotext = process.env.PDFTOTEXT_PATH ?? '/usr/bin/pdftotext';
const liberation2 = '/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf';
const pgBase = '/usr/lib/postgresql';
const hasPostgres = Boolean(process.env.PG_BIN) || (existsSync(pgBase) && readdirSync(pgBase).some((v) => existsSync(`${pgBase}/${v}/bin/initdb`)));
const missing = [];
if (!existsSync(chromium)) missing.push({ what: 'Chromium (headless shell)', packages: 'chromium-headless-shell fonts-liberation', path: chromium, env: 'CHROMIUM_PATH' });
if (!existsSync(soffice)) missing.push({ what: 'LibreOffice Writer', packages: 'libreoffice-writer-nogui fonts-liberation', path: soffice, env: 'SOFFICE_PATH', lean: true });
if (!existsSync(pdftotext)) missing.push({ what: 'Poppler (pdftotext, pdftoppm)', packages: 'poppler-utils', path: pdftotext, env: 'PDFTOTEXT_PATH' });
if (!existsSync(liberation2)) missing.push({ what: 'the Liberation fonts 2.x', packages: 'fonts-liberation2', path: liberation2, lean: true });
if (!hasPostgres) missing.push({ what: 'PostgreSQL', packages: 'postgresql', path: `${pgBase}/N/bin/initdb`, env: 'PG_BIN' });
if (missing.length) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = existsSync('/usr/bin/apt-get');
  const given = missing.filter((m) => m.env && process.env[m.env]);
  if (!root || !apt || given.length) {
    for (const m of missing) console.error(`The tests need ${m.what} at ${m.path}. Install it (Debian: apt-get install -y ${m.packages})${m.env ? ` or set ${m.env}` : ''}.`);
    process.exit(1);
  }
  execSync('apt-get update -qq', { stdio: 'inherit' });
  for (const m of missing) {
    console.log(`Installing ${m.what} for the tests (apt-get install -y ${m.packages})...`);
    // Chromium as Debian recommends it (with its fonts); LibreOffice (`lean`) without the whole suite.
    const only = m.lean ? '--no-install-recommends ' : '';
    execSync(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${only}${m.packages}`, { stdio: 'inherit' });
  }
}

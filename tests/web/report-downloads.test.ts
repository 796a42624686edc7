import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers.js';

/** The report page's downloads, grouped by what people come for (issue 25, point 9). */

/** The labelled groups of the downloads section, in page order: heading, links (href and whether a button). */
function groups(html: string): { heading: string; links: { href: string; text: string; button: boolean }[] }[] {
  const section = /<section class="downloads"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1];
  if (!section) return [];
  return section.split('<div class="download-group').slice(1).map((part) => ({
    heading: /<h4 id="([^"]+)">([^<]+)<\/h4>/.exec(part)?.[2] ?? '',
    labelled: /role="group" aria-labelledby="([^"]+)"/.exec(part)?.[1] === /<h4 id="([^"]+)"/.exec(part)?.[1],
    links: [...part.matchAll(/<a (class="([^"]*)" )?href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => ({ href: (m[3] ?? '').split('?')[0]!, text: m[4] ?? '', button: (m[2] ?? '').split(' ').includes('button') })),
  })).map((g) => {
    expect(g.labelled, `group "${g.heading}" is labelled by its heading`).toBe(true);
    return { heading: g.heading, links: g.links };
  });
}

describe("the report page's downloads", () => {
  it('come as three labelled groups: the Word report and appendix first, then the evidence bundle, then spreadsheets', async () => {
    const { web } = await makeApp();
    const html = (await web.get('/reports?period=q4&year=2026').expect(200)).text;
    const found = groups(html);
    expect(found.map((g) => g.heading)).toEqual(['Báo cáo và phụ lục (gửi cấp trên)', 'Minh chứng', 'Bảng tính']);
    expect(found[0]!.links.map((l) => [l.href, l.text])).toEqual([
      ['/export/report.docx', 'Báo cáo (Word)'],
      ['/export/appendix.docx', 'Phụ lục (Word)'],
      ['/reports/appendix', 'Bản in phụ lục'],
      ['/par', 'Chấm điểm (ước tính)'],
    ]);
    expect(found[1]!.links.map((l) => l.href)).toEqual(['/export/bundle.zip']);
    expect(found[2]!.links.map((l) => l.href)).toEqual(['/export/report.xlsx', '/export/report.csv', '/export/entries.xlsx', '/export/entries.csv']);
  });

  it('give the Word report and appendix the full-weight buttons, the bundle a lighter one, the spreadsheets plain links', async () => {
    const { web } = await makeApp();
    const html = (await web.get('/reports?period=q4&year=2026').expect(200)).text;
    const [report, bundle, sheets] = groups(html);
    expect(report!.links.filter((l) => l.button).map((l) => l.text)).toEqual(['Báo cáo (Word)', 'Phụ lục (Word)']);
    expect(html).toContain('<a class="button" href="/export/report.docx?');
    expect(html).toContain('<a class="button secondary" href="/export/bundle.zip?');
    expect(bundle!.links.every((l) => l.button)).toBe(true);
    expect(sheets!.links.some((l) => l.button)).toBe(false);
    // Every download of the period is still offered, once.
    for (const path of ['/export/report.docx', '/export/appendix.docx', '/export/bundle.zip', '/export/report.xlsx', '/export/report.csv', '/export/entries.xlsx', '/export/entries.csv']) {
      expect(html.split(`href="${path}?`).length - 1, path).toBe(1);
    }
  });
});

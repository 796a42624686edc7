import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers.js';

/** The time and duration boxes of a form page: each input, with what describes it. */
function timeBoxes(html: string, names: RegExp): { name: string; tag: string }[] {
  return [...html.matchAll(/<input\b[^>]*>/g)].map((m) => ({ tag: m[0], name: /name="([^"]+)"/.exec(m[0])?.[1] ?? '' })).filter((b) => names.test(b.name));
}

describe('time and duration boxes', () => {
  it.each([
    // The session form's time, its three rows' lengths and that of the template of a row added in the browser.
    ['the session form', '/sessions/new', /^(time|entries\.\d+\.durationSeconds)$/, 5],
    ['the record form', '/entries/new', /^(time|durationSeconds)$/, 2],
    ['the schedule', '/schedule', /^start$/, 1],
  ])('hold no placeholder that looks like a value in %s: a hint beside each box says what to type', async (_name, url, names, count) => {
    const { web } = await makeApp();
    const page = await web.get(url).expect(200);
    const boxes = timeBoxes(page.text, names);
    expect(boxes).toHaveLength(count);
    for (const { tag } of boxes) {
      expect(tag).not.toContain('placeholder');
      const described = /aria-describedby="([^"]+)"/.exec(tag)?.[1];
      expect(described, tag).toBeDefined();
      const hintId = described!.split(' ')[0]!;
      const hint = new RegExp(`id="${hintId.replace(/\./g, '\\.')}">(ví dụ [^<]+)<`).exec(page.text)?.[1];
      expect(hint).toMatch(/^ví dụ \d{1,2}:\d{2}/);
    }
  });
});

import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers.js';

/** Reads an answer as raw bytes, whatever its type. */
const raw = (test: request.Test): request.Test =>
  test.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

describe('the icon of the app', () => {
  it('answers /favicon.ico with an icon that browsers may keep a week, to anyone', async () => {
    const { app } = await makeApp();
    const res = await raw(request(app).get('/favicon.ico')).expect(200);
    expect(res.headers['content-type']).toMatch(/^image\//);
    expect(Number(/max-age=(\d+)/.exec(res.headers['cache-control'] ?? '')?.[1])).toBeGreaterThanOrEqual(7 * 24 * 3600);
    // An ICO file: reserved 0, type 1 (icon), one image.
    expect([...(res.body as Buffer).subarray(0, 6)]).toEqual([0, 0, 1, 0, 1, 0]);
  });

  it('names its SVG icon in the head of every page', async () => {
    const { app, web } = await makeApp();
    for (const page of [await request(app).get('/login').expect(200), await web.get('/entries').expect(200)]) {
      expect(page.text).toContain('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">');
    }
    const svg = await request(app).get('/static/favicon.svg').expect(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FETCH_RULES, fetchAnswer, FetchRefused, type FetchRules, USER_AGENT } from '../../src/services/page-fetch.js';

// A platform-like server on loopback: JSON answers, a JSON error, and a slow answer that counts how many
// requests it holds at once (one fetch at a time per host).
const RULES: FetchRules = { ...DEFAULT_FETCH_RULES, allowHosts: ['127.0.0.1'] };
let server: http.Server;
let base = '';
let inFlight = 0;
let mostInFlight = 0;
const seen: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    if (req.url === '/ok') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=UTF-8' });
      return res.end(JSON.stringify({ items: [{ statistics: { viewCount: '12' } }] }));
    }
    if (req.url === '/denied') {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ error: { message: 'Error validating access token: Session has expired', code: 190 } }));
    }
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    setTimeout(() => {
      inFlight -= 1;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    }, 30);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('fetchAnswer: one fetcher for pages, feeds and platforms', () => {
  it('reads a JSON answer with the headers asked for and a polite user agent', async () => {
    const answer = await fetchAnswer(new URL(`${base}/ok`), RULES, { accept: 'application/json', headers: { access_token: 'zalo-token' } });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.toString('utf8'))).toEqual({ items: [{ statistics: { viewCount: '12' } }] });
    const headers = seen.at(-1)!;
    expect(headers['user-agent']).toBe(USER_AGENT);
    expect(headers.accept).toBe('application/json');
    expect(headers.access_token).toBe('zalo-token');
  });

  it("returns a platform's error answer with its body when asked, and refuses it in words otherwise", async () => {
    const answer = await fetchAnswer(new URL(`${base}/denied`), RULES, { errorAnswers: true });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body.toString('utf8')).error.code).toBe(190);
    await expect(fetchAnswer(new URL(`${base}/denied`), RULES)).rejects.toThrow(new FetchRefused('Trang trả lời lỗi 400: kiểm tra lại link.'));
  });

  it('sends one request at a time to a host, however many are asked for at once', async () => {
    mostInFlight = 0;
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => fetchAnswer(new URL(`${base}/slow/${i}`), RULES)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(mostInFlight).toBe(1);
  });

  it('goes on with the next request for a host after one is refused', async () => {
    const results = await Promise.allSettled([fetchAnswer(new URL(`${base}/denied`), RULES), fetchAnswer(new URL(`${base}/ok`), RULES)]);
    expect(results[0].status).toBe('rejected');
    expect(results[1].status).toBe('fulfilled');
  });

  it('refuses a type it was not asked to read before reading the body', async () => {
    await expect(fetchAnswer(new URL(`${base}/ok`), RULES, { types: /^text\/html/ })).rejects.toThrow(FetchRefused);
  });
});

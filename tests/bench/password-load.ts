import { call, percentile, type RunningServer, signIn } from './server.js';
import { BENCH_ADMIN } from './server.js';

/** Entry creation timed while 8 loops keep the server busy checking passwords (issue 10, point 6). */
export interface PasswordLoad {
  /** What the loops send: wrong current passwords, or correct log-ins (which no limit stops). */
  kind: 'wrong-current-password' | 'correct-token-requests';
  attempts: number;
  refused429: number;
  recordP50: number;
  recordP95: number;
}

const LOOPS = 8;

/** Runs the loops for as long as it takes to time `records` creations, one after another. */
export async function underPasswordLoad(server: RunningServer, kind: PasswordLoad['kind'], records = 150): Promise<PasswordLoad> {
  let stop = false;
  let attempts = 0;
  let refused429 = 0;
  const loops = await Promise.all(
    Array.from({ length: LOOPS }, async () => {
      if (kind === 'correct-token-requests') {
        const body = JSON.stringify({ ...BENCH_ADMIN, name: 'tai' });
        return async () => {
          while (!stop) {
            const r = await call(server.port, 'POST', '/api/v1/tokens', '', body);
            attempts++;
            if (r.status === 429) refused429++;
          }
        };
      }
      const session = await signIn(server.port);
      const page = await call(server.port, 'GET', '/account', session);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      // The page's CSRF cookie goes with its token.
      const jar = new Map(session.slice(7).split('; ').map((c) => [c.split('=')[0]!, c] as const));
      for (const c of page.cookies) jar.set(c.split('=')[0]!, c);
      const cookie = `cookie:${[...jar.values()].join('; ')}`;
      const form = new URLSearchParams({ _csrf: csrf, currentPassword: 'sai-mat-khau-roi', password: 'mat-khau-moi-dai-hon', passwordConfirm: 'mat-khau-moi-dai-hon' }).toString();
      return async () => {
        while (!stop) {
          const r = await call(server.port, 'POST', '/account/password', cookie, form, true);
          attempts++;
          if (r.status === 429) refused429++;
          else if (r.status !== 422) throw new Error(`POST /account/password answered ${r.status}`);
        }
      };
    }),
  );
  const running = loops.map((loop) => loop());
  await new Promise((r) => setTimeout(r, 500));
  const times: number[] = [];
  for (let i = 0; i < records; i++) {
    const body = JSON.stringify({ title: `Tin trong lúc tải mật khẩu (${kind}) ${i}`, format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-21T06:30', playCount: 1 });
    const r = await call(server.port, 'POST', '/api/v1/entries', server.token, body);
    if (r.status !== 201) throw new Error(`entry creation answered ${r.status}`);
    times.push(r.ms);
  }
  stop = true;
  await Promise.all(running);
  times.sort((a, b) => a - b);
  return { kind, attempts, refused429, recordP50: percentile(times, 50), recordP95: percentile(times, 95) };
}

import type { NewEntryDraft } from '../../src/domain/validation.js';
import { CHANNELS, FORMATS, TOPICS, UNITS } from '../../src/domain/vocabulary.js';
import { ensureFirstAdmin } from '../../src/first-admin.js';
import { storeDraft } from '../../src/services/entries.js';
import { scopeOf } from '../../src/services/scope.js';
import { openLowdbStorage } from '../../src/storage/lowdb/index.js';
import { BENCH_ADMIN } from './server.js';

// A deterministic pseudo-random generator, so every run seeds the same data.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Fills a data directory with realistic synthetic log entries for a span of years: two radio
 * sessions a day with several items (many re-aired), portal and social posts, the odd banner and
 * meeting. Each item is ~300 bytes of JSON like the real ones. Written through the services and storage,
 * in parallel batches so group commit keeps seeding fast.
 */
export async function seed(dataDir: string, opts: { entries: number; fromYear: number; toYear: number; seed?: number }): Promise<void> {
  const random = rng(opts.seed ?? 7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const clock = () => new Date('2026-11-22T03:00:00Z');
  const storage = await openLowdbStorage({ dataDir, clock });
  const scope = scopeOf(storage, clock);
  // A log always has the accounts that wrote it (a log without accounts is a damaged data directory).
  await ensureFirstAdmin(scope, BENCH_ADMIN);
  // The current year (2026 here) is filled up to 21 November, the day before the bench's "today".
  const days = (opts.toYear - opts.fromYear) * 365 + (opts.toYear === 2026 ? 325 : 365);
  const itemIds: number[] = [];
  const batch: Promise<unknown>[] = [];
  for (let i = 0; i < opts.entries; i++) {
    const dayIndex = Math.floor((i / opts.entries) * days);
    const year = opts.fromYear + Math.floor(dayIndex / 365);
    const doy = dayIndex % 365;
    const month = Math.min(12, Math.floor(doy / 30.5) + 1);
    const day = Math.min(28, (doy % 30) + 1);
    const radio = random() < 0.6;
    const channel = radio ? 'radio' : pick(CHANNELS.filter((c) => c.code !== 'radio')).code;
    const hour = radio ? (random() < 0.5 ? 6 : 17) : 8 + Math.floor(random() * 9);
    const at = `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(Math.floor(random() * 60))}:00+07:00`;
    const online = ['portal', 'fanpage', 'zalo-oa', 'zalo-mini-app', 'youtube'].includes(channel);
    const single = online || channel === 'press';
    const reuse = itemIds.length > 20 && random() < 0.4;
    const draft: NewEntryDraft = {
      item: reuse
        ? { existingId: pick(itemIds.slice(-200)) }
        : {
            fields: {
              title: `Tuyên truyền cải cách hành chính: hướng dẫn dịch vụ công trực tuyến số ${i}`,
              summary: 'Thông tin, hướng dẫn người dân, doanh nghiệp sử dụng dịch vụ công trực tuyến, thanh toán trực tuyến.',
              format: pick(FORMATS).code,
              topics: [pick(TOPICS).code, pick(TOPICS).code].filter((v, k, a) => a.indexOf(v) === k),
              unit: pick(UNITS).code,
              author: 'TT DVSNC',
              sourceUrl: null,
            },
          },
      entry: {
        channel,
        at,
        playCount: single ? 1 : 1 + Math.floor(random() * 3),
        durationSeconds: radio ? 60 + Math.floor(random() * 240) : null,
        url: online ? `https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh/tin-${i}` : null,
        views: online ? Math.floor(random() * 3000) : null,
        interactions: online ? Math.floor(random() * 200) : null,
        note: '',
      },
    };
    batch.push(
      scope.commune.transaction((tx) => storeDraft(tx, scope, draft, 'seed')).then((r) => {
        if (r?.createdItem) itemIds.push(r.item.id);
      }),
    );
    if (batch.length >= 400) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
  await storage.close();
}

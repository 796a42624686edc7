import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { afterEach } from 'vitest';
import { createApp } from '../src/app.js';
import type { NewEntryDraft } from '../src/domain/validation.js';
import { Store, type StoreOptions } from '../src/store/store.js';

/** 2026-11-22 10:00 in Vietnam (03:00 UTC): a Sunday. */
export const NOW = new Date('2026-11-22T03:00:00Z');
export const fixedClock = (): Date => NOW;

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A fresh temporary data directory, removed after the test. */
export async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cchc-test-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens a store on a directory (a fresh one by default), closed after the test. */
export async function openStore(options: Partial<StoreOptions> = {}): Promise<Store> {
  const dataDir = options.dataDir ?? (await tempDataDir());
  const store = await Store.open({ clock: fixedClock, ...options, dataDir });
  let closed = false;
  const close = store.close.bind(store);
  store.close = async () => {
    if (closed) return;
    closed = true;
    await close();
  };
  cleanups.unshift(() => store.close());
  return store;
}

/** An app over a fresh store with the fixed clock. */
export async function makeApp(options: Partial<StoreOptions> = {}): Promise<{ app: Express; store: Store }> {
  const store = await openStore(options);
  return { app: createApp({ store, clock: fixedClock }), store };
}

/** A valid draft of a new radio entry with a new item; override any part. */
export function draft(overrides: { item?: Partial<NewEntryDraft['item'] & { fields: object }>; entry?: Partial<NewEntryDraft['entry']>; title?: string } = {}): NewEntryDraft {
  return {
    item: {
      fields: {
        title: overrides.title ?? 'Hướng dẫn nộp hồ sơ trực tuyến',
        summary: '',
        format: 'news',
        topics: ['m'],
        unit: 'tt-dvsnc',
        author: '',
        sourceUrl: null,
      },
    },
    entry: {
      channel: 'radio',
      at: '2026-11-20T06:30:00+07:00',
      playCount: 2,
      durationSeconds: 180,
      url: null,
      views: null,
      interactions: null,
      note: '',
      ...overrides.entry,
    },
  };
}

/** A valid JSON body for POST /api/v1/entries; override any field. */
export function entryBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Hướng dẫn nộp hồ sơ trực tuyến',
    format: 'news',
    topics: ['m'],
    unit: 'tt-dvsnc',
    channel: 'radio',
    at: '2026-11-20T06:30',
    playCount: 2,
    durationSeconds: 180,
    ...overrides,
  };
}

/** A valid record-form body (strings, as a browser sends them); override any field. */
export function formBody(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    itemMode: 'new',
    title: 'Hướng dẫn nộp hồ sơ trực tuyến',
    summary: '',
    format: 'news',
    topics: ['m'],
    unit: 'tt-dvsnc',
    author: '',
    sourceUrl: '',
    channel: 'radio',
    date: '20/11/2026',
    time: '06:30',
    playCount: '2',
    durationSeconds: '3:00',
    url: '',
    note: '',
    ...overrides,
  };
}

/** Encodes a form body the way a browser does: repeated keys for multi-valued fields. */
export function formEncode(body: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  return params.toString();
}

import { describe, expect, it } from 'vitest';
import { emptyPlatformKeys, keysAudit, keysStatus, readKeysForm } from '../../src/domain/platform-keys.js';

const KEY = 'AIzaSyTestKey-0123456789abcdefghijk';
const TOKEN = 'EAAGtestPageToken0123456789abcdef';

describe('readKeysForm', () => {
  it('takes filled fields as new keys, ticked ones as removed, empty ones as kept', () => {
    expect(readKeysForm({ youtubeApiKey: ` ${KEY} `, facebookToken: '', remove_zaloToken: 'on', facebookPageId: '100064123456789' })).toEqual({
      ok: true,
      value: { set: { youtubeApiKey: KEY }, remove: ['zaloToken'], facebookPageId: '100064123456789' },
    });
    // A form without the Page id field leaves it as it is; an empty one removes it.
    expect(readKeysForm({})).toEqual({ ok: true, value: { set: {}, remove: [] } });
    expect(readKeysForm({ facebookPageId: '' })).toEqual({ ok: true, value: { set: {}, remove: [], facebookPageId: null } });
  });

  it.each([
    [{ youtubeApiKey: 'khóa có dấu cách' }, 'youtubeApiKey', /^Khóa YouTube API gồm 20–100/],
    [{ facebookToken: 'EAA short' }, 'facebookToken', /^Mã truy cập Trang Facebook là một chuỗi dài/],
    [{ zaloToken: 'abc' }, 'zaloToken', /^Mã truy cập Zalo OA là một chuỗi dài/],
    [{ facebookToken: TOKEN, remove_facebookToken: 'on' }, 'facebookToken', /^Chọn một trong hai/],
    [{ facebookPageId: 'phuonganhai' }, 'facebookPageId', /^Mã Trang Facebook là một dãy số/],
  ])('refuses %o on %s, without repeating the value', (raw, field, message) => {
    const read = readKeysForm(raw);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors[field]).toMatch(message);
    for (const value of Object.values(raw)) if (value !== 'on') expect(read.errors[field]).not.toContain(value);
  });
});

describe('keysAudit and keysStatus', () => {
  it('records that keys were saved, replaced or removed, never their values; the Page id as it is', () => {
    const before = { ...emptyPlatformKeys(), facebookToken: 'v1.sealed', zaloToken: 'v1.sealed2' };
    expect(keysAudit(before, { set: { youtubeApiKey: KEY, facebookToken: TOKEN }, remove: ['zaloToken'], facebookPageId: '123456' })).toEqual({
      before: { youtubeApiKey: 'chưa có', facebookToken: 'đã lưu', zaloToken: 'đã lưu', facebookPageId: '' },
      after: { youtubeApiKey: 'đã lưu', facebookToken: 'đã thay mã mới', zaloToken: 'đã xóa', facebookPageId: '123456' },
    });
    expect(keysAudit(emptyPlatformKeys(), { set: {}, remove: ['zaloToken'] })).toBeNull();
    expect(keysStatus(before)).toEqual({ youtubeApiKey: false, facebookToken: true, zaloToken: true, facebookPageId: null });
  });
});

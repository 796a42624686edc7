import { describe, expect, it } from 'vitest';
import { postOfLink } from '../../src/domain/platform-links.js';

const PAGE = '100064123456789';

describe('postOfLink', () => {
  it.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
    ['https://m.youtube.com/watch?app=desktop&v=dQw4w9WgXcQ&t=42s', 'dQw4w9WgXcQ'],
    ['https://youtu.be/dQw4w9WgXcQ?si=abc', 'dQw4w9WgXcQ'],
    ['https://www.youtube.com/shorts/a_B-c1D2e3F', 'a_B-c1D2e3F'],
    ['https://www.youtube.com/live/a_B-c1D2e3F?feature=share', 'a_B-c1D2e3F'],
    ['https://www.youtube.com/embed/dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
  ])('reads the YouTube video of %s', (link, id) => {
    expect(postOfLink(link, { facebookPageId: null })).toEqual({ ok: true, post: { platform: 'youtube', id } });
  });

  it.each([
    [`https://www.facebook.com/${PAGE}/posts/1234567890123`, null, `${PAGE}_1234567890123`],
    ['https://www.facebook.com/phuonganhai/posts/1234567890123/', PAGE, `${PAGE}_1234567890123`],
    [`https://www.facebook.com/permalink.php?story_fbid=998877&id=${PAGE}`, null, `${PAGE}_998877`],
    [`https://m.facebook.com/story.php?story_fbid=998877&id=${PAGE}&ref=share`, null, `${PAGE}_998877`],
  ])('reads the Facebook post of %s (Page id %s)', (link, pageId, id) => {
    expect(postOfLink(link, { facebookPageId: pageId })).toEqual({ ok: true, post: { platform: 'facebook', id } });
  });

  it.each([
    ['https://oa.zalo.me/article/a1b2c3d4e5f6', 'a1b2c3d4e5f6'],
    ['https://oa.zalo.me/article/detail?id=XyZ123456789', 'XyZ123456789'],
    ['https://zalo.me/s/123456/?id=abcdef123456', 'abcdef123456'],
  ])('reads the Zalo OA article of %s', (link, id) => {
    expect(postOfLink(link, { facebookPageId: null })).toEqual({ ok: true, post: { platform: 'zalo', id } });
  });

  it.each([
    ['https://www.youtube.com/@phuonganhai', 'youtube', /^Link YouTube này không chỉ tới một video/],
    ['https://www.youtube.com/watch?v=short', 'youtube', /^Link YouTube này không chỉ tới một video/],
    ['https://www.facebook.com/phuonganhai/posts/1234567890123', 'facebook', /^Link gọi Trang Facebook bằng tên: hãy nhập Mã Trang Facebook/],
    ['https://www.facebook.com/phuonganhai/posts/pfbid02abcDEFghi', 'facebook', /^Link Facebook dạng pfbid… không cho biết mã bài/],
    ['https://www.facebook.com/permalink.php?story_fbid=pfbid0xyz&id=100064123456789', 'facebook', /^Link Facebook dạng pfbid/],
    ['https://www.facebook.com/phuonganhai/videos/123456789', 'facebook', /^Chưa đọc được số liệu của video\/reel Facebook/],
    ['https://www.facebook.com/reel/123456789', 'facebook', /^Chưa đọc được số liệu của video\/reel Facebook/],
    ['https://www.facebook.com/share/p/1AbCdEf/', 'facebook', /^Link Facebook dạng chia sẻ\/ảnh không cho biết mã bài/],
    ['https://fb.watch/abcDEF/', 'facebook', /^Link Facebook dạng chia sẻ\/ảnh/],
    ['https://www.facebook.com/phuonganhai', 'facebook', /^Link Facebook này không chỉ tới một bài viết/],
    ['https://zalo.me/1234567890', 'zalo', /^Link Zalo này không chỉ tới một bài viết của OA/],
  ])('reports %s rather than guess its post', (link, platform, problem) => {
    const read = postOfLink(link, { facebookPageId: null });
    expect(read).toMatchObject({ ok: false, platform });
    expect(read && !read.ok ? read.problem : '').toMatch(problem);
  });

  it.each(['https://anhai.haiphong.gov.vn/cai-cach-hanh-chinh/bai-812345', 'không phải link', 'ftp://youtube.com/watch?v=dQw4w9WgXcQ', 'https://notyoutube.com/watch?v=dQw4w9WgXcQ'])(
    'leaves %s alone: not a link on the platforms',
    (link) => {
      expect(postOfLink(link, { facebookPageId: PAGE })).toBeNull();
    },
  );
});

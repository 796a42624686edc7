import { describe, expect, it } from 'vitest';
import { sealerFrom } from '../../src/security/sealing.js';

const SECRET = 'test-session-secret-0123456789';

describe('sealerFrom', () => {
  it('seals a key so that it opens again, and never shows it in the text it stores', () => {
    const sealer = sealerFrom(SECRET);
    const sealed = sealer.seal('AIzaSyTestKey-0123456789', 'an-hai/youtubeApiKey');
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(sealed).not.toContain('AIzaSy');
    expect(sealer.open(sealed, 'an-hai/youtubeApiKey')).toBe('AIzaSyTestKey-0123456789');
    // A fresh nonce each time: the same key never seals to the same text.
    expect(sealer.seal('AIzaSyTestKey-0123456789', 'an-hai/youtubeApiKey')).not.toBe(sealed);
  });

  it('does not open with another session secret, in another commune or field, or once tampered with', () => {
    const sealed = sealerFrom(SECRET).seal('EAAGtoken', 'an-hai/facebookToken');
    expect(sealerFrom('another-secret-0123456789').open(sealed, 'an-hai/facebookToken')).toBeNull();
    expect(sealerFrom(SECRET).open(sealed, 'nghi-duong/facebookToken')).toBeNull();
    expect(sealerFrom(SECRET).open(sealed, 'an-hai/zaloToken')).toBeNull();
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = `${body![0] === 'A' ? 'B' : 'A'}${body!.slice(1)}`;
    expect(sealerFrom(SECRET).open([v, iv, tag, flipped].join('.'), 'an-hai/facebookToken')).toBeNull();
    expect(sealerFrom(SECRET).open([v, iv, tag!.slice(0, 8), body].join('.'), 'an-hai/facebookToken')).toBeNull();
    expect(sealerFrom(SECRET).open('not sealed', 'an-hai/facebookToken')).toBeNull();
  });
});

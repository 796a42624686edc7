import { describe, expect, it } from 'vitest';
import { addressRange, isIpAddress, isPublicAddress } from '../../src/domain/addresses.js';

describe('isPublicAddress: the addresses a pasted link may make the server reach', () => {
  it.each(['8.8.8.8', '14.225.0.1', '203.162.4.191', '2606:4700:4700::1111', '2001:ee0:4141::1'])('allows the public address %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.0.0.2', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['192.0.2.10', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'ipv4Mapped'],
    ['::ffff:8.8.8.8', 'ipv4Mapped'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:a00:1::', '6to4'],
    ['2001::1', 'teredo'],
    ['[::1]', 'loopback'],
  ])('refuses %s (%s)', (address, range) => {
    expect(addressRange(address)).toBe(range);
    expect(isPublicAddress(address)).toBe(false);
  });

  it('takes only addresses for addresses: host names and shorthand IPv4 are names to resolve', () => {
    for (const text of ['anhai.haiphong.gov.vn', 'localhost', '127.1', '0x7f.0.0.1', '2130706433', '']) {
      expect(isIpAddress(text), text).toBe(false);
      expect(isPublicAddress(text), text).toBe(false);
    }
    expect(isIpAddress('127.0.0.2')).toBe(true);
  });
});

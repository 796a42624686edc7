import ipaddr from 'ipaddr.js';

/**
 * The range an IP address belongs to, as ipaddr.js names it (`unicast` for an ordinary public address;
 * `private`, `loopback`, `linkLocal`, `unspecified`, `multicast`, `carrierGradeNat`, `uniqueLocal`,
 * `ipv4Mapped`, `reserved`… for the others); null when the text is not an IP address.
 */
export function addressRange(address: string): string | null {
  const text = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(text)) return null;
  // ipaddr.js also reads shorthand IPv4 ("127.1", "0x7f.1"): only the four-part dotted form, as resolvers return it, is an address here.
  if (!text.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(text)) return null;
  return ipaddr.parse(text).range();
}

/**
 * Whether the server may fetch a page from this address for a user: only an ordinary public address.
 * Private, loopback, link-local, unspecified, multicast, broadcast, shared (CGNAT), documentation,
 * IPv6 unique-local and every IPv6 form that carries an IPv4 address (mapped, 6to4, Teredo, NAT64) are
 * refused: they reach the office's own network or the server itself, or hide an address that might.
 */
export function isPublicAddress(address: string): boolean {
  return addressRange(address) === 'unicast';
}

/** Whether an address text is an IP address (v4 or v6, brackets allowed) rather than a host name. */
export function isIpAddress(text: string): boolean {
  return addressRange(text) !== null;
}

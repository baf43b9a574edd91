import { truncateIp } from './client-context';

describe('truncateIp', () => {
  it('keeps /24 of IPv4 (also when IPv4-mapped) and /48 of IPv6', () => {
    expect(truncateIp('203.0.113.77')).toBe('203.0.113.0/24');
    expect(truncateIp('::ffff:198.51.100.9')).toBe('198.51.100.0/24');
    expect(truncateIp('2001:db8:abcd:12:1::7')).toBe('2001:db8:abcd::/48');
    expect(truncateIp('2001:db8::1')).toBe('2001:db8:0::/48');
    expect(truncateIp('::1')).toBe('0:0:0::/48');
  });

  it('returns null for nothing or garbage', () => {
    expect(truncateIp(undefined)).toBeNull();
    expect(truncateIp('not-an-ip')).toBeNull();
  });
});

import type { Request } from 'express';
import { isIPv4, isIPv6 } from 'node:net';
import { AuthUser } from './auth-user';

/** Who made a request, in the shape audit rows and session rows keep (opsync-api.md §1, §8). */
export interface ClientContext {
  /** Truncated: /24 for IPv4, /48 for IPv6; never the full address. */
  ip: string | null;
  /** At most 200 characters. */
  userAgent: string | null;
  /** The caller's session when the request is authenticated by a token that has one (for audit rows). */
  sessionId?: string | null;
}

export function truncateIp(address: string | undefined): string | null {
  if (!address) return null;
  const ip = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
  if (isIPv4(ip)) return `${ip.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIPv6(ip)) {
    const [head, tail = ''] = ip.split('::');
    const headGroups = head ? head.split(':') : [];
    const tailGroups = tail ? tail.split(':') : [];
    const groups = [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
    return `${groups
      .slice(0, 3)
      .map((g) => g || '0')
      .join(':')}::/48`;
  }
  return null;
}

export function clientContext(req: Request & { user?: AuthUser }): ClientContext {
  const agent = req.header('user-agent');
  return { ip: truncateIp(req.ip), userAgent: agent ? agent.slice(0, 200) : null, sessionId: req.user?.sessionId ?? null };
}

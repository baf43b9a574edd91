import { ClientContext } from '../../common';

/** opsync-api.md §1: what a session was signed in from. */
export type SessionKind = 'browser' | 'app' | 'device-grant';

/** The longest session name (the column is varchar(100)). */
export const MAX_SESSION_NAME_LENGTH = 100;

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/Firefox\//, 'Firefox'],
  [/Chrome\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/Android/, 'Android'],
  [/iPhone|iPad/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

/** A web browser says "Mozilla/…"; the Electron app does too but names itself, so it counts as an app. */
export function kindFromUserAgent(userAgent: string | null): SessionKind {
  return userAgent?.startsWith('Mozilla/') && !userAgent.includes('Electron/') ? 'browser' : 'app';
}

/**
 * The name a session gets when the client gives none: "Firefox on Linux" for a browser, the agent's
 * first product token ("super-productivity/17.0") for anything else.
 */
export function nameFromUserAgent(client: ClientContext | undefined): string {
  const agent = client?.userAgent?.trim();
  if (!agent) return 'Unknown device';
  if (kindFromUserAgent(agent) === 'browser') {
    const browser = BROWSERS.find(([pattern]) => pattern.test(agent))?.[1] ?? 'Browser';
    const system = SYSTEMS.find(([pattern]) => pattern.test(agent))?.[1];
    return system ? `${browser} on ${system}` : browser;
  }
  return agent.split(/\s+/)[0].slice(0, MAX_SESSION_NAME_LENGTH);
}

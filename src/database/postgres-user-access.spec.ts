import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { firstBlockedFolder } from './postgres-user-access';

describe('firstBlockedFolder (can the postgres user reach a path?)', () => {
  const stranger = { uid: 54_321, gid: 54_321 };
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsync-access-'));
    fs.chmodSync(root, 0o755);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds no block on a way open to everyone, also when its end does not exist yet', () => {
    fs.mkdirSync(path.join(root, 'a'), { mode: 0o755 });
    expect(firstBlockedFolder(path.join(root, 'a', 'data', 'pg'), stranger)).toBeUndefined();
  });

  it('names the first folder closed to others', () => {
    fs.mkdirSync(path.join(root, 'private', 'inner'), { recursive: true });
    fs.chmodSync(path.join(root, 'private'), 0o700);
    expect(firstBlockedFolder(path.join(root, 'private', 'inner', 'pg'), stranger)).toBe(path.join(root, 'private'));
  });

  it("uses the owner's and the group's bits for the owner and the group", () => {
    const folder = path.join(root, 'owned');
    fs.mkdirSync(folder, { mode: 0o700 });
    const { uid, gid } = fs.statSync(folder);
    expect(firstBlockedFolder(folder, { uid, gid: stranger.gid })).toBeUndefined();
    fs.chmodSync(folder, 0o070);
    expect(firstBlockedFolder(folder, { uid: stranger.uid, gid })).toBeUndefined();
    expect(firstBlockedFolder(folder, { uid, gid })).toBe(folder);
  });

  it('treats a missing postgres account as a stranger', () => {
    fs.mkdirSync(path.join(root, 'closed'), { mode: 0o700 });
    expect(firstBlockedFolder(path.join(root, 'closed'), undefined)).toBe(path.join(root, 'closed'));
  });
});

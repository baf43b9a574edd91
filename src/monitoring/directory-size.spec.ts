import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { directorySize } from './directory-size';

describe('directorySize', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsync-size-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('adds up the regular files of the whole tree and does not follow links', async () => {
    fs.writeFileSync(path.join(root, 'a'), Buffer.alloc(100));
    fs.mkdirSync(path.join(root, 'pg', 'base'), { recursive: true });
    fs.writeFileSync(path.join(root, 'pg', 'base', 'b'), Buffer.alloc(2000));
    fs.symlinkSync(path.join(root, 'pg'), path.join(root, 'link'));
    expect(await directorySize(root)).toEqual({ bytes: 2100, skipped: 0 });
  });

  it('is null for a missing directory or a file', async () => {
    expect(await directorySize(path.join(root, 'missing'))).toBeNull();
    fs.writeFileSync(path.join(root, 'file'), 'x');
    expect(await directorySize(path.join(root, 'file'))).toBeNull();
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_TERMS_BYTES, readTermsFile } from './terms-file';

describe('readTermsFile (<DATA_DIR>/legal/terms.html)', () => {
  let dataDir: string;
  let terms: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsync-terms-'));
    fs.mkdirSync(path.join(dataDir, 'legal'));
    terms = path.join(dataDir, 'legal', 'terms.html');
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('is absent, without a reason, when there is no file', () => {
    expect(readTermsFile(dataDir)).toEqual({ found: false });
  });

  it('reads a regular file of at most 2 MiB as it is', () => {
    fs.writeFileSync(terms, 'x'.repeat(MAX_TERMS_BYTES));
    const result = readTermsFile(dataDir);
    expect(result.found && result.html.length).toBe(MAX_TERMS_BYTES);
  });

  it('refuses a file larger than 2 MiB', () => {
    fs.writeFileSync(terms, 'x'.repeat(MAX_TERMS_BYTES + 1));
    expect(readTermsFile(dataDir)).toEqual({ found: false, reason: expect.stringContaining('larger than 2 MiB') });
  });

  it('refuses a symbolic link, even to a good file', () => {
    const target = path.join(dataDir, 'elsewhere.html');
    fs.writeFileSync(target, '<h1>terms</h1>');
    fs.symlinkSync(target, terms);
    expect(readTermsFile(dataDir)).toEqual({ found: false, reason: expect.stringContaining('symbolic link') });
  });

  it('refuses a directory', () => {
    fs.mkdirSync(terms);
    expect(readTermsFile(dataDir)).toEqual({ found: false, reason: expect.stringContaining('not a regular file') });
  });
});

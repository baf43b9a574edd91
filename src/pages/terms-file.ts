import fs from 'node:fs';
import path from 'node:path';

export const MAX_TERMS_BYTES = 2 * 1024 * 1024;

export type TermsFile = { found: true; html: Buffer } | { found: false; reason?: string };

/**
 * The operator's terms of service, `<DATA_DIR>/legal/terms.html` (accounts spec §7.7): served only if it
 * is a regular file of at most 2 MiB. O_NOFOLLOW refuses a symlink at open time, and the checks run on
 * the opened descriptor, so the file cannot be swapped between check and read.
 */
export function readTermsFile(dataDir: string): TermsFile {
  const file = path.join(dataDir, 'legal', 'terms.html');
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { found: false };
    if (code === 'ELOOP') return { found: false, reason: `${file} is a symbolic link; not served` };
    return { found: false, reason: `${file} cannot be read (${code}); not served` };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { found: false, reason: `${file} is not a regular file; not served` };
    if (stat.size > MAX_TERMS_BYTES) return { found: false, reason: `${file} is larger than 2 MiB; not served` };
    const html = fs.readFileSync(fd);
    // Checked again after reading: the file may have grown since fstat.
    return html.length <= MAX_TERMS_BYTES ? { found: true, html } : { found: false, reason: `${file} is larger than 2 MiB; not served` };
  } finally {
    fs.closeSync(fd);
  }
}

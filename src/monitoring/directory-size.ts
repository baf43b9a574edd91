import fs from 'node:fs/promises';
import path from 'node:path';

export interface DirectorySize {
  bytes: number;
  /** Entries that could not be read (no permission, or removed while walking, e.g. database WAL files). */
  skipped: number;
}

/** Total size of the regular files below `dir` (symbolic links are not followed); null when there is no such directory. */
export async function directorySize(dir: string): Promise<DirectorySize | null> {
  const stat = await fs.stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!stat?.isDirectory()) return null;
  const total: DirectorySize = { bytes: 0, skipped: 0 };
  await walk(dir, total);
  return total;
}

async function walk(dir: string, total: DirectorySize): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    total.skipped++;
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      await walk(full, total);
    } else if (entry.isFile()) {
      try {
        total.bytes += (await fs.lstat(full)).size;
      } catch {
        total.skipped++;
      }
    }
  }
}

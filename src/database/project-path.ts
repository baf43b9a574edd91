import fs from 'node:fs';
import path from 'node:path';

/**
 * Absolute path of a file shipped with the project (prisma/migrations, public/...), found by walking
 * up from this file: it works from src/ (ts-jest, ts-node) and from dist/src/ (compiled) alike.
 */
export function projectPath(relative: string): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, relative);
    if (path.dirname(dir) === dir) throw new Error(`project root not found above ${__dirname}`);
  }
}

import fs from 'node:fs';
import path from 'node:path';

/**
 * Reads `<dir>/<name>.html`. Called at start-up only, so a missing template stops the boot instead of
 * failing a request. The templates live beside the module that uses them, in src/ (ts-jest, ts-node)
 * and in dist/src/ (nest build copies them as assets, see nest-cli.json).
 */
export function readHtmlTemplate(dir: string, name: string): string {
  return fs.readFileSync(path.join(dir, `${name}.html`), 'utf8');
}

import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the page files live: beside this module, in src/pages (ts-jest, ts-node) and in dist/src/pages
 * (nest build copies them, see nest-cli.json). Templates are kept apart from the served assets.
 */
export const ASSETS_DIR = path.join(__dirname, 'assets');
const TEMPLATES_DIR = path.join(__dirname, 'templates');

export type TemplateName = 'layout' | 'account' | 'consent' | 'magic-login' | 'recover-passkey' | 'verify-email' | 'privacy';

/** Read at start-up only: a missing template stops the boot instead of failing a request. */
export function readTemplate(name: TemplateName): string {
  return fs.readFileSync(path.join(TEMPLATES_DIR, `${name}.html`), 'utf8');
}

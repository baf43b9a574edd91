import path from 'node:path';
import { readHtmlTemplate } from '../common';

/** The page files live beside this module (see readHtmlTemplate); templates are kept apart from the served assets. */
export const ASSETS_DIR = path.join(__dirname, 'assets');
const TEMPLATES_DIR = path.join(__dirname, 'templates');

export type TemplateName = 'layout' | 'account' | 'consent' | 'magic-login' | 'recover-passkey' | 'verify-email' | 'privacy';

export function readTemplate(name: TemplateName): string {
  return readHtmlTemplate(TEMPLATES_DIR, name);
}

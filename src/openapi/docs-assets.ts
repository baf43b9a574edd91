import { Injectable } from '@nestjs/common';
import { weakEtag } from '../common';
import fs from 'node:fs';
import path from 'node:path';

export interface DocsAsset {
  body: Buffer;
  contentType: string;
  /** Computed once: these files are larger than the bodies Express hashes per response. */
  etag: string;
}

/** Swagger UI's own files, served from the installed package (no CDN, so the page stays under its CSP). */
const SWAGGER_UI_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png'];
/** The page and the script that starts Swagger UI, beside this module. */
const OWN_DIR = path.join(__dirname, 'assets');
const OWN_FILES = ['docs.html', 'docs-init.js'];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
};

/**
 * The files of the browsable API page, read into memory at start-up. Requests name a file; only the
 * names above are served, so no request path ever reaches the file system.
 */
@Injectable()
export class DocsAssets {
  private readonly assets = new Map<string, DocsAsset>();

  constructor() {
    const swaggerUiDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
    for (const name of SWAGGER_UI_FILES) this.add(name, path.join(swaggerUiDir, name));
    for (const name of OWN_FILES) this.add(name, path.join(OWN_DIR, name));
  }

  get(name: string): DocsAsset | undefined {
    return this.assets.get(name);
  }

  private add(name: string, file: string): void {
    const body = fs.readFileSync(file);
    this.assets.set(name, { body, contentType: CONTENT_TYPES[path.extname(name)], etag: weakEtag(body) });
  }
}

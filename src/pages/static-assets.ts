import { Injectable } from '@nestjs/common';
import { weakEtag } from '../common';
import fs from 'node:fs';
import path from 'node:path';
import { ASSETS_DIR } from './page-files';

export interface StaticAsset {
  body: Buffer;
  contentType: string;
  /** Computed once: these files are larger than the bodies Express hashes per response. */
  etag: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Served as /assets/simplewebauthn-browser.min.js: the WebAuthn JSON helper the page scripts call. */
const WEBAUTHN_HELPER_NAME = 'simplewebauthn-browser.min.js';

/** The package's UMD bundle; its exports map hides the file, so it is found from the package's main entry. */
function webauthnHelperPath(): string {
  const main = require.resolve('@simplewebauthn/browser'); // <package>/script/index.js
  return path.resolve(path.dirname(main), '../dist/bundle/index.umd.min.js');
}

/**
 * The page scripts and stylesheet, read into memory at start-up. Requests name a file; only names in
 * this map are served, so no request path ever reaches the file system.
 */
@Injectable()
export class StaticAssets {
  private readonly assets = new Map<string, StaticAsset>();

  constructor() {
    for (const name of fs.readdirSync(ASSETS_DIR)) this.add(name, path.join(ASSETS_DIR, name));
    this.add(WEBAUTHN_HELPER_NAME, webauthnHelperPath());
  }

  get(name: string): StaticAsset | undefined {
    return this.assets.get(name);
  }

  private add(name: string, file: string): void {
    const contentType = CONTENT_TYPES[path.extname(name)];
    if (!contentType) throw new Error(`page asset ${file} has no known content type`);
    const body = fs.readFileSync(file);
    this.assets.set(name, { body, contentType, etag: weakEtag(body) });
  }
}

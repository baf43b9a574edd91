import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config';
import { readTermsFile } from './terms-file';

/** The operator's terms of service, read once at start-up (restart the server to publish a change). */
@Injectable()
export class TermsPage {
  private readonly logger = new Logger(TermsPage.name);
  readonly html: Buffer | null;

  constructor(config: AppConfig) {
    const terms = readTermsFile(config.dataDir);
    if (!terms.found && terms.reason) this.logger.warn(terms.reason);
    this.html = terms.found ? terms.html : null;
  }

  get available(): boolean {
    return this.html !== null;
  }
}

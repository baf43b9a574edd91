import { Controller, Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { EmailLink, EmailLinkInspector } from '../auth';
import { Public } from '../common';
import { RateLimit } from '../rate-limit';
import { PageRenderer } from './page-renderer';
import { StaticAssets } from './static-assets';
import { TermsPage } from './terms.page';

/**
 * The account web pages (accounts spec §8) and their assets. Landing pages never redeem their token on
 * GET: the page's button confirms with a POST, so mail scanners that prefetch links cannot burn them.
 * They do look it up, so a dead link (unknown, expired, used) says so at once with a 400.
 */
@Controller()
@Public()
export class PagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly assets: StaticAssets,
    private readonly terms: TermsPage,
    private readonly links: EmailLinkInspector,
  ) {}

  @Get()
  account(@Res() res: Response): void {
    sendHtml(res, this.pages.accountPage, 'no-cache');
  }

  @Get('magic-login')
  @RateLimit('magicLoginPage')
  magicLogin(@Query('token') token: unknown, @Res() res: Response): Promise<void> {
    return this.landing(res, 'magic-login', token);
  }

  @Get('recover-passkey')
  @RateLimit('recoverPasskeyPage')
  recoverPasskey(@Query('token') token: unknown, @Res() res: Response): Promise<void> {
    return this.landing(res, 'recover-passkey', token);
  }

  @Get('verify-email')
  @RateLimit('verifyEmailPage')
  verifyEmail(@Query('token') token: unknown, @Res() res: Response): Promise<void> {
    return this.landing(res, 'verify-email', token);
  }

  @Get('privacy.html')
  privacy(@Res() res: Response): void {
    if (this.pages.privacyPage === null) throw new NotFoundException('Cannot GET /privacy.html');
    sendHtml(res, this.pages.privacyPage, 'no-cache');
  }

  @Get('terms.html')
  termsOfService(@Res() res: Response): void {
    if (this.terms.html === null) throw new NotFoundException('Cannot GET /terms.html');
    res.status(200).type('text/html; charset=utf-8').setHeader('Cache-Control', 'no-cache');
    res.send(this.terms.html);
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() res: Response): void {
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundException(`Cannot GET /assets/${name}`);
    // Revalidated on every use (Express answers 304 on a matching ETag, computed at start-up), so a deploy takes effect at once.
    res.status(200).type(asset.contentType).setHeader('Cache-Control', 'no-cache').setHeader('ETag', asset.etag);
    res.send(asset.body);
  }

  private async landing(res: Response, page: EmailLink, token: unknown): Promise<void> {
    // A repeated ?token= arrives as an array: only one non-empty string is a token.
    if (typeof token !== 'string' || token === '') {
      res.status(400).type('text/plain; charset=utf-8').send('Token is required');
      return;
    }
    const dead = await this.links.deadLinkReason(page, token);
    if (dead) {
      // Plain text as accounts spec §3.5 gives failures; the made-up token itself is never echoed.
      res.status(400).type('text/plain; charset=utf-8').setHeader('Cache-Control', 'no-store');
      res.send(`${DEAD_LINK_PREFIX[page]}: ${dead.message}. Request a new link from the sign-in page.`);
      return;
    }
    // no-store: the page carries a one-time secret and must not be kept in any cache.
    sendHtml(res, this.pages.landingPage(page, token), 'no-store');
  }
}

const DEAD_LINK_PREFIX: Record<EmailLink, string> = {
  'verify-email': 'Verification failed',
  'magic-login': 'Sign-in failed',
  'recover-passkey': 'Passkey recovery failed',
};

function sendHtml(res: Response, html: string, cacheControl: 'no-cache' | 'no-store'): void {
  res.status(200).type('text/html; charset=utf-8').setHeader('Cache-Control', cacheControl);
  res.send(html);
}

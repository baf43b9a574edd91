import { Controller, Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../common';
import { RateLimit } from '../rate-limit';
import { LandingPage, PageRenderer } from './page-renderer';
import { StaticAssets } from './static-assets';
import { TermsPage } from './terms.page';

/**
 * The account web pages (accounts spec §8) and their assets. Landing pages never touch their token on
 * GET: the page's button confirms with a POST, so mail scanners that prefetch links cannot burn them.
 */
@Controller()
@Public()
export class PagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly assets: StaticAssets,
    private readonly terms: TermsPage,
  ) {}

  @Get()
  account(@Res() res: Response): void {
    sendHtml(res, this.pages.accountPage, 'no-cache');
  }

  @Get('magic-login')
  @RateLimit('magicLoginPage')
  magicLogin(@Query('token') token: unknown, @Res() res: Response): void {
    this.landing(res, 'magic-login', token);
  }

  @Get('recover-passkey')
  @RateLimit('recoverPasskeyPage')
  recoverPasskey(@Query('token') token: unknown, @Res() res: Response): void {
    this.landing(res, 'recover-passkey', token);
  }

  @Get('verify-email')
  @RateLimit('verifyEmailPage')
  verifyEmail(@Query('token') token: unknown, @Res() res: Response): void {
    this.landing(res, 'verify-email', token);
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

  private landing(res: Response, page: LandingPage, token: unknown): void {
    // A repeated ?token= arrives as an array: only one non-empty string is a token.
    if (typeof token !== 'string' || token === '') {
      res.status(400).type('text/plain; charset=utf-8').send('Token is required');
      return;
    }
    // no-store: the page carries a one-time secret and must not be kept in any cache.
    sendHtml(res, this.pages.landingPage(page, token), 'no-store');
  }
}

function sendHtml(res: Response, html: string, cacheControl: 'no-cache' | 'no-store'): void {
  res.status(200).type('text/html; charset=utf-8').setHeader('Cache-Control', cacheControl);
  res.send(html);
}

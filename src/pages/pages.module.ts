import { Module } from '@nestjs/common';
import { PageRenderer } from './page-renderer';
import { PagesController } from './pages.controller';
import { StaticAssets } from './static-assets';
import { TermsPage } from './terms.page';

/** The account web UI served at the root: account page, emailed-link landing pages, legal pages, assets. */
@Module({ controllers: [PagesController], providers: [PageRenderer, StaticAssets, TermsPage] })
export class PagesModule {}

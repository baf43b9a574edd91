import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { PageRenderer } from './page-renderer';
import { PagesController } from './pages.controller';
import { StaticAssets } from './static-assets';
import { TermsPage } from './terms.page';

/** The account web UI served at the root: account page, emailed-link landing pages, legal pages, assets. */
@Module({ imports: [AuthModule], controllers: [PagesController], providers: [PageRenderer, StaticAssets, TermsPage] })
export class PagesModule {}

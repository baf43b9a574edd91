import { Module } from '@nestjs/common';
import { DocsAssets } from './docs-assets';
import { OpenApiController } from './openapi.controller';
import { OpenApiDocument } from './openapi-document';

/** GET /api/openapi.json and the browsable page /api/docs; the document itself is built by documentApi(). */
@Module({ controllers: [OpenApiController], providers: [OpenApiDocument, DocsAssets] })
export class OpenApiModule {}

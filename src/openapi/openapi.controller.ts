import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, OpenAPIObject } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrors, PipelineError, Public } from '../common';
import { DocsAssets } from './docs-assets';
import { OpenApiDocument } from './openapi-document';

/** The API's own description: the OpenAPI document and a browsable page over it (Swagger UI, self-hosted). */
@Controller('api')
@Public()
export class OpenApiController {
  constructor(
    private readonly document: OpenApiDocument,
    private readonly assets: DocsAssets,
  ) {}

  @Get('openapi.json')
  @ApiOkResponse({ description: 'This document (OpenAPI 3).', schema: { type: 'object' } })
  openApi(): OpenAPIObject {
    return this.document.current;
  }

  @Get('docs')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The browsable API page.', content: { 'text/html': { schema: { type: 'string' } } } })
  page(@Res() res: Response): void {
    this.send(res, 'docs.html');
  }

  @Get('docs/:name')
  @ApiOkResponse({ description: 'A file of the browsable page (Swagger UI and its start-up script).' })
  @ApiErrors(PipelineError.NotFound)
  asset(@Param('name') name: string, @Res() res: Response): void {
    this.send(res, name);
  }

  private send(res: Response, name: string): void {
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundException(`Cannot GET /api/docs/${name}`);
    // Revalidated on every use (Express answers 304 on a matching ETag, computed at start-up), so an upgrade takes effect at once.
    res.status(200).type(asset.contentType).setHeader('Cache-Control', 'no-cache').setHeader('ETag', asset.etag);
    res.send(asset.body);
  }
}

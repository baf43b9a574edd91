import { Body, Controller, Get, HttpCode, Logger, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiErrors, AuthUser, CurrentUser, ndjsonWriter } from '../../../common';
import { OpsError } from '../../../operations';
import { StoresError } from '../../stores.errors';
import { LogEntriesService } from '../log-entries.service';
import { APPEND_SCHEMA, ENTRY_PAGE_SCHEMA, ENTRY_STREAM_SCHEMA } from '../logs.response-schemas';
import { AppendResponse, EntryPageResponse, StreamEndLine } from '../logs.responses';
import { AppendEntriesDto, PullEntriesDto, ReadEntriesQueryDto } from './dto/log-entries.dto';

const NDJSON = 'application/x-ndjson';

/** Entries of log stores (opsync-api.md §4): append, read by page or as an NDJSON stream, pull by vector. */
@Controller('api/stores/:id/entries')
@ApiErrors(StoresError.StoreNotFound, StoresError.PermissionDenied, StoresError.KindMismatch)
export class LogEntriesController {
  private readonly logger = new Logger(LogEntriesController.name);

  constructor(private readonly logs: LogEntriesService) {}

  @Post()
  @HttpCode(200)
  @ApiOkResponse({ schema: APPEND_SCHEMA })
  @ApiErrors(StoresError.SyncDisabled, OpsError.StorageQuotaExceeded)
  append(@CurrentUser() user: AuthUser, @Param('id') storeId: string, @Body() body: AppendEntriesDto): Promise<AppendResponse> {
    return this.logs.append(user.userId, storeId, body.entries, user.sessionId);
  }

  /** JSON pages by default; `Accept: application/x-ndjson` streams every entry after `after` instead. */
  @Get()
  @ApiProduces('application/json', NDJSON)
  @ApiOkResponse({
    description: `A page of entries; with Accept: ${NDJSON} every entry after \`after\` as NDJSON (limit ignored), ending with { latestSeq, done: true }`,
    content: { 'application/json': { schema: ENTRY_PAGE_SCHEMA }, [NDJSON]: { schema: ENTRY_STREAM_SCHEMA } },
  })
  async read(
    @CurrentUser() user: AuthUser,
    @Param('id') storeId: string,
    @Query() query: ReadEntriesQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (req.accepts(['application/json', NDJSON]) !== NDJSON) {
      res.status(200).json(await this.logs.page(user.userId, storeId, query.after, query.limit));
      return;
    }
    const { latestSeq, pages } = await this.logs.stream(user.userId, storeId, query.after);
    res.status(200).type(NDJSON).setHeader('Cache-Control', 'no-store');
    const write = ndjsonWriter(res);
    try {
      for await (const page of pages) await write(...page);
      await write({ latestSeq, done: true } satisfies StreamEndLine);
      res.end();
    } catch (error) {
      // Mid-stream (the reader left, or a page failed): cut the connection; the stream lacks its done line.
      this.logger.warn(`entries stream of store ${storeId} ended early: ${error instanceof Error ? error.message : String(error)}`);
      res.destroy();
    }
  }

  @Post('pull')
  @HttpCode(200)
  @ApiOkResponse({ schema: ENTRY_PAGE_SCHEMA })
  pull(@CurrentUser() user: AuthUser, @Param('id') storeId: string, @Body() body: PullEntriesDto): Promise<EntryPageResponse> {
    return this.logs.pull(user.userId, storeId, body.syncStatus, body.limit);
  }
}

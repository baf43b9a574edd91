import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { AuthUser, CurrentUser } from '../common';
import { AUDIT_CSV_HEADER, auditCsvLine } from './audit-csv';
import { AuditEventView, AuditService } from './audit.service';
import { AuditQueryDto } from './dto/audit-query.dto';

/** A page of the trail unless asked for less or more. */
const DEFAULT_PAGE = 50;

@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The caller's own security events, newest first, paged by `before`; `?format=csv` for a download. */
  @Get()
  @ApiProduces('application/json', 'text/csv')
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: AuditQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ events: AuditEventView[]; nextBefore: string | null }> | StreamableFile {
    if (query.format === 'json') return this.audit.page(user.userId, query.limit ?? DEFAULT_PAGE, query.before);
    res.setHeader('Cache-Control', 'no-store');
    const lines = Readable.from(csvLines(this.audit.trail(user.userId, { before: query.before, limit: query.limit })));
    return new StreamableFile(lines, { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="opsync-audit.csv"' });
  }
}

async function* csvLines(events: AsyncIterable<AuditEventView>): AsyncGenerator<string> {
  yield AUDIT_CSV_HEADER;
  for await (const event of events) yield auditCsvLine(event);
}

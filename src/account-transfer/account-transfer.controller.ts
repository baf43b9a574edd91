import { Controller, Get, HttpCode, Logger, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser, CurrentUser, ndjsonWriter } from '../common';
import { RateLimit } from '../rate-limit';
import { AccountExportService } from './account-export.service';
import { AccountImportService, ImportResult, MAX_IMPORT_LINE_BYTES } from './account-import.service';
import { ndjsonLines } from './ndjson-lines';

/** `GET /api/account/export` and `POST /api/account/import` (opsync-api.md §11): NDJSON both ways. */
@Controller('api/account')
export class AccountTransferController {
  private readonly logger = new Logger(AccountTransferController.name);

  constructor(
    private readonly exporter: AccountExportService,
    private readonly importer: AccountImportService,
  ) {}

  @Get('export')
  @RateLimit('accountExport')
  async export(@CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const write = ndjsonWriter(res);
    try {
      await this.exporter.export(user.userId, async (line) => {
        // Headers go out with the first line: a failure before it is still an ordinary error response.
        if (!res.headersSent) {
          res.status(200).type('application/x-ndjson').setHeader('Cache-Control', 'no-store');
          res.setHeader('Content-Disposition', 'attachment; filename="opsync-account.ndjson"');
        }
        await write(line);
      });
      res.end();
    } catch (error) {
      if (!res.headersSent) throw error;
      // Mid-stream: cut the connection. The export then lacks its end line, and an import refuses it.
      this.logger.error(`export of account ${user.userId} failed: ${error instanceof Error ? error.message : String(error)}`);
      res.destroy();
    }
  }

  /** The body is read here as a stream (the pipeline's body reader leaves this route alone). */
  @Post('import')
  @HttpCode(200)
  @RateLimit('accountImport')
  async import(@CurrentUser() user: AuthUser, @Req() req: Request): Promise<ImportResult> {
    try {
      return await this.importer.import(user.userId, ndjsonLines(req, MAX_IMPORT_LINE_BYTES));
    } catch (error) {
      req.resume(); // drain what is left so the refusal reaches the client
      throw error;
    }
  }
}

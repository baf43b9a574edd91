import { Body, Controller, Delete, Get, Headers, HttpCode, HttpStatus, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrors, AuthUser, Client, ClientContext, CurrentUser, JSON_BODY_ERRORS } from '../../common';
import { OpsError } from '../../operations';
import { StoresError } from '../stores.errors';
import {
  STORE_CREATED_SCHEMA,
  STORE_LIST_SCHEMA,
  STORE_SCHEMA,
  STORE_SETTINGS_SCHEMA,
  STORE_WRITTEN_SCHEMA,
} from '../stores.response-schemas';
import { StoreCreatedResponse, StoreResponse, StoreSettingsResponse, StoreSummary, StoreWrittenResponse } from '../stores.responses';
import { StoresService } from '../stores.service';
import {
  CreateStoreDto,
  ListStoresQueryDto,
  StoreNameParamsDto,
  StoreParamsDto,
  StoreSettingsDto,
  WriteStoreDto,
} from './dto/store-requests.dto';
import { etagOf, ifMatchToken, notModified } from './etag';

/** Blob stores (opsync-api.md §3); the default rate limit applies. */
@Controller('api/stores')
export class StoresController {
  constructor(private readonly stores: StoresService) {}

  @Post()
  @ApiCreatedResponse({ schema: STORE_CREATED_SCHEMA })
  @ApiErrors(
    StoresError.StoreExists,
    StoresError.StoreTooLarge,
    StoresError.KindMismatch,
    OpsError.StorageQuotaExceeded,
    ...JSON_BODY_ERRORS,
  )
  create(@CurrentUser() user: AuthUser, @Body() body: CreateStoreDto): Promise<StoreCreatedResponse> {
    return this.stores.create(user.userId, body);
  }

  @Get()
  @ApiOkResponse({ schema: STORE_LIST_SCHEMA })
  list(@CurrentUser() user: AuthUser, @Query() query: ListStoresQueryDto): Promise<{ stores: StoreSummary[] }> {
    return this.stores.list(user.userId, query.changedSince === undefined ? undefined : new Date(query.changedSince));
  }

  @Get('by-name/:name')
  @ApiOkResponse({ schema: STORE_SCHEMA })
  @ApiErrors(StoresError.StoreNotFound)
  async getByName(@CurrentUser() user: AuthUser, @Param() params: StoreNameParamsDto, @Res() res: Response): Promise<void> {
    sendStore(res, await this.stores.getByName(user.userId, params.name), undefined);
  }

  @Get(':id')
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The token the client holds, as "<token>": 304 when current' })
  @ApiOkResponse({ schema: STORE_SCHEMA })
  @ApiResponse({ status: HttpStatus.NOT_MODIFIED, description: 'The client holds the current token' })
  @ApiErrors(StoresError.StoreNotFound)
  async get(
    @CurrentUser() user: AuthUser,
    @Param() params: StoreParamsDto,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    sendStore(res, await this.stores.get(user.userId, params.id), ifNoneMatch);
  }

  @Put(':id')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The token this write is based on, as "<token>" (or body `token`)' })
  @ApiOkResponse({ schema: STORE_WRITTEN_SCHEMA })
  @ApiErrors(
    StoresError.StoreNotFound,
    StoresError.PermissionDenied,
    StoresError.TokenMismatch,
    StoresError.SyncDisabled,
    StoresError.KindMismatch,
    StoresError.TokenRequired,
    StoresError.StoreTooLarge,
    OpsError.StorageQuotaExceeded,
    ...JSON_BODY_ERRORS,
  )
  write(
    @CurrentUser() user: AuthUser,
    @Param() params: StoreParamsDto,
    @Body() body: WriteStoreDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<StoreWrittenResponse> {
    return this.stores.write(user.userId, params.id, body, ifMatchToken(ifMatch) ?? body.token, user.sessionId);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiErrors(StoresError.StoreNotFound, StoresError.PermissionDenied)
  remove(@CurrentUser() user: AuthUser, @Param() params: StoreParamsDto, @Client() client: ClientContext): Promise<void> {
    return this.stores.remove(user.userId, params.id, client);
  }

  @Put(':id/settings')
  @ApiOkResponse({ schema: STORE_SETTINGS_SCHEMA })
  @ApiErrors(StoresError.StoreNotFound, ...JSON_BODY_ERRORS)
  settings(
    @CurrentUser() user: AuthUser,
    @Param() params: StoreParamsDto,
    @Body() body: StoreSettingsDto,
    @Client() client: ClientContext,
  ): Promise<StoreSettingsResponse> {
    return this.stores.setSyncEnabled(user.userId, params.id, body.syncEnabled, client);
  }
}

/** The store with its token as ETag, or 304 without a body when If-None-Match names that token. */
function sendStore(res: Response, store: StoreResponse, ifNoneMatch: string | undefined): void {
  res.setHeader('ETag', etagOf(store.token));
  if (notModified(ifNoneMatch, store.token)) res.status(HttpStatus.NOT_MODIFIED).end();
  else res.status(HttpStatus.OK).json(store);
}

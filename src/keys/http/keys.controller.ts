import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { ApiErrors, AuthUser, Client, ClientContext, CurrentUser } from '../../common';
import { KeysError } from '../keys.errors';
import { KEY_LIST_SCHEMA, KEY_STORED_SCHEMA, KEY_VERSION_SCHEMA } from '../keys.response-schemas';
import { KeyStoredResponse, KeySummary, KeyVersionResponse } from '../keys.responses';
import { KeysService } from '../keys.service';
import { GetKeyQueryDto, KeyParamsDto, KeyVersionParamsDto, PutKeyDto } from './dto/key-requests.dto';

/** Wrapped encryption keys with versioned rotation (opsync-api.md §6); the default rate limit applies. */
@Controller('api/keys')
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Get()
  @ApiOkResponse({ schema: KEY_LIST_SCHEMA })
  list(@CurrentUser() user: AuthUser): Promise<{ keys: KeySummary[] }> {
    return this.keys.list(user.userId);
  }

  @Put(':keyId')
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ schema: KEY_STORED_SCHEMA })
  @ApiErrors(KeysError.VersionConflict)
  store(
    @CurrentUser() user: AuthUser,
    @Param() params: KeyParamsDto,
    @Body() body: PutKeyDto,
    @Client() client: ClientContext,
  ): Promise<KeyStoredResponse> {
    return this.keys.store(user.userId, params.keyId, body, client);
  }

  @Get(':keyId')
  @ApiOkResponse({ schema: KEY_VERSION_SCHEMA })
  @ApiErrors(KeysError.KeyNotFound)
  get(@CurrentUser() user: AuthUser, @Param() params: KeyParamsDto, @Query() query: GetKeyQueryDto): Promise<KeyVersionResponse> {
    return this.keys.get(user.userId, params.keyId, query.version);
  }

  @Delete(':keyId/versions/:version')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiErrors(KeysError.KeyNotFound, KeysError.KeyInUse)
  deleteVersion(@CurrentUser() user: AuthUser, @Param() params: KeyVersionParamsDto, @Client() client: ClientContext): Promise<void> {
    return this.keys.deleteVersion(user.userId, params.keyId, params.version, client);
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common';
import { AccountEventPage } from '../account-event';
import { ACCOUNT_EVENT_PAGE_SCHEMA } from '../account-events.response-schemas';
import { AccountEventsService } from '../account-events.service';
import { EventsQueryDto } from './events-query.dto';

/** The event feed, polled (opsync-api.md §7): a device that was offline catches up from its last id. */
@Controller('api/events')
export class AccountEventsController {
  constructor(private readonly events: AccountEventsService) {}

  @Get()
  @ApiOkResponse({ schema: ACCOUNT_EVENT_PAGE_SCHEMA })
  page(@CurrentUser() user: AuthUser, @Query() query: EventsQueryDto): Promise<AccountEventPage> {
    // The caller's own session's changes are left out: it knows them already.
    return this.events.page(user.userId, BigInt(query.after), query.limit, user.sessionId);
  }
}

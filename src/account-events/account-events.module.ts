import { Module } from '@nestjs/common';
import { AccountEventsRepository } from './account-events.repository';
import { AccountEventsService } from './account-events.service';
import { AccountEventsController } from './http/account-events.controller';

/** The event feed of opsync-api.md §7 (tables account_events, account_event_counters). */
@Module({
  controllers: [AccountEventsController],
  providers: [AccountEventsRepository, AccountEventsService],
  exports: [AccountEventsService],
})
export class AccountEventsModule {}

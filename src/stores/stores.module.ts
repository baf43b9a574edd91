import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { LogEntriesController } from './logs/http/log-entries.controller';
import { LogEntriesRepository } from './logs/log-entries.repository';
import { LogEntriesService } from './logs/log-entries.service';
import { StoreMembersRepository } from './persistence/store-members.repository';
import { StorePermissionsService } from './store-permissions.service';

/** Stores and sharing (opsync-api.md §3, §5; tables stores, store_members, store_name_keys, store_names), log entries (§4; logs/, table log_entries). */
@Module({
  imports: [AuthModule],
  controllers: [LogEntriesController],
  providers: [StoreMembersRepository, StorePermissionsService, LogEntriesRepository, LogEntriesService],
  exports: [StorePermissionsService],
})
export class StoresModule {}

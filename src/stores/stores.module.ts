import { Module } from '@nestjs/common';
import { AccountEventsModule } from '../account-events';
import { AuthModule } from '../auth';
import { StoreMembersController } from './http/store-members.controller';
import { StoresController } from './http/stores.controller';
import { LogEntriesController } from './logs/http/log-entries.controller';
import { LogEntriesRepository } from './logs/log-entries.repository';
import { LogEntriesService } from './logs/log-entries.service';
import { StoreMembersRepository } from './persistence/store-members.repository';
import { StoreNamesRepository } from './persistence/store-names.repository';
import { StoresRepository } from './persistence/stores.repository';
import { StoreAccountsService } from './store-accounts.service';
import { StoreMembersService } from './store-members.service';
import { StorePermissionsService } from './store-permissions.service';
import { StoreQuotaService } from './store-quota.service';
import { StoreEventsService } from './store-events.service';
import { StoresService } from './stores.service';

/** Stores and sharing (opsync-api.md §3, §5; tables stores, store_members, store_name_keys, store_names), log entries (§4; logs/, table log_entries). */
@Module({
  imports: [AuthModule, AccountEventsModule],
  controllers: [StoresController, StoreMembersController, LogEntriesController],
  providers: [
    StoresRepository,
    StoreMembersRepository,
    StoreNamesRepository,
    StorePermissionsService,
    StoreQuotaService,
    StoresService,
    StoreEventsService,
    StoreMembersService,
    StoreAccountsService,
    LogEntriesRepository,
    LogEntriesService,
  ],
  exports: [StorePermissionsService, StoreQuotaService, StoreAccountsService],
})
export class StoresModule {}

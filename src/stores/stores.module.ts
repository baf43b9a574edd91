import { Module } from '@nestjs/common';
import { StoreMembersRepository } from './persistence/store-members.repository';
import { StorePermissionsService } from './store-permissions.service';

/** Stores and sharing (opsync-api.md §3, §5; tables stores, store_members, store_name_keys, store_names). */
@Module({
  providers: [StoreMembersRepository, StorePermissionsService],
  exports: [StorePermissionsService],
})
export class StoresModule {}

import { Module } from '@nestjs/common';
import { AccountEventsModule } from '../account-events';
import { KeysController } from './http/keys.controller';
import { KeyVersionsRepository } from './key-versions.repository';
import { KeysService } from './keys.service';

/** Wrapped encryption keys with versioned rotation (opsync-api.md §6; table key_versions). */
@Module({
  imports: [AccountEventsModule],
  controllers: [KeysController],
  providers: [KeyVersionsRepository, KeysService],
  exports: [KeysService],
})
export class KeysModule {}

import { Module } from '@nestjs/common';
import { DevicesController } from './http/devices.controller';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

/**
 * Signed-in sessions (opsync-api.md §1; table sessions). Auth imports it to open a session with every
 * token it issues; this module imports nothing of auth (the global guard proves the caller), so no cycle.
 */
@Module({
  controllers: [DevicesController],
  providers: [SessionsRepository, SessionsService],
  exports: [SessionsService],
})
export class SessionsModule {}

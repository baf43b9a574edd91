import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { KeysModule } from '../keys';
import { OperationsModule } from '../operations';
import { StoresModule } from '../stores';
import { MonitoringRepository } from './monitoring.repository';
import { MonitoringService } from './monitoring.service';

/** Read-only operator reports (scripts/monitor.ts); no routes, and not part of the server app. */
@Module({
  imports: [AuthModule, OperationsModule, KeysModule, StoresModule],
  providers: [MonitoringRepository, MonitoringService],
  exports: [MonitoringService],
})
export class MonitoringModule {}

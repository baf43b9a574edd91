import { Module } from '@nestjs/common';
import { AccountsModule } from '../auth/accounts/accounts.module';
import { KeysModule } from '../keys';
import { OperationsModule } from '../operations/operations.module';
import { MonitoringRepository } from './monitoring.repository';
import { MonitoringService } from './monitoring.service';

/** Read-only operator reports (scripts/monitor.ts); no routes, and not part of the server app. */
@Module({
  imports: [AccountsModule, OperationsModule, KeysModule],
  providers: [MonitoringRepository, MonitoringService],
  exports: [MonitoringService],
})
export class MonitoringModule {}

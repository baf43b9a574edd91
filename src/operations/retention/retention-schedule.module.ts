import { Module } from '@nestjs/common';
import { OperationsModule } from '../operations.module';
import { RetentionSchedule } from './retention.schedule';

/**
 * The retention timer, apart from OperationsModule so that only the server schedules the job:
 * operator scripts import OperationsModule for its services and must not start pruning (read-only
 * reports must not write at all).
 */
@Module({ imports: [OperationsModule], providers: [RetentionSchedule] })
export class RetentionScheduleModule {}

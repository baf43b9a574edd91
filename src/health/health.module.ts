import { Global, Module } from '@nestjs/common';
import { ConnectionsGauge } from './connections.gauge';
import { HealthController } from './health.controller';

@Global()
@Module({ controllers: [HealthController], providers: [ConnectionsGauge], exports: [ConnectionsGauge] })
export class HealthModule {}

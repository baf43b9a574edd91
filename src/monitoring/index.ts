/** Server statistics and account usage for the operators' monitor script. */
export { MonitoringModule } from './monitoring.module';
export { MonitoringService } from './monitoring.service';

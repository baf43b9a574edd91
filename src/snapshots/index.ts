/** Full-state snapshots on top of the op log: snapshot upload, restore points, restore by replay. */
export { SnapshotsModule } from './snapshots.module';

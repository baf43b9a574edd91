import { Module } from '@nestjs/common';
import { OperationsModule } from '../operations';
import { UploadSnapshotBodyPipe } from './dto/upload-snapshot-body.pipe';
import { RestoreService } from './restore.service';
import { SnapshotUploadService } from './snapshot-upload.service';
import { SnapshotsController } from './snapshots.controller';

/** Full-state snapshots on top of the op log: upload, restore points, restore by replay. Owns no table. */
@Module({
  imports: [OperationsModule],
  controllers: [SnapshotsController],
  providers: [SnapshotUploadService, RestoreService, UploadSnapshotBodyPipe],
})
export class SnapshotsModule {}

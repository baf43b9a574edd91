import { Injectable } from '@nestjs/common';
import { detachField, OpaqueBodyPipe } from '../../common';
import { UploadSnapshotDto } from './upload-snapshot.dto';

/** Validates the POST /api/sync/snapshot body with `state` kept exactly as parsed. */
@Injectable()
export class UploadSnapshotBodyPipe extends OpaqueBodyPipe<UploadSnapshotDto> {
  async transform(body: unknown): Promise<UploadSnapshotDto> {
    const state = detachField(body, 'state');
    const dto = await this.validate(state.copy, UploadSnapshotDto);
    dto.state = state.raw;
    return dto;
  }
}

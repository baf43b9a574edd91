import { Injectable, PipeTransform } from '@nestjs/common';
import { RequestValidationPipe } from '../../common/validation';
import { AppConfig } from '../../config/app-config';
import { bodyValidation, detachField } from '../../operations/opaque-body';
import { UploadSnapshotDto } from './upload-snapshot.dto';

/** Validates the POST /api/sync/snapshot body with `state` kept exactly as parsed. */
@Injectable()
export class UploadSnapshotBodyPipe implements PipeTransform<unknown, Promise<UploadSnapshotDto>> {
  private readonly validation: RequestValidationPipe;

  constructor(config: AppConfig) {
    this.validation = bodyValidation(config);
  }

  async transform(body: unknown): Promise<UploadSnapshotDto> {
    const state = detachField(body, 'state');
    const dto = (await this.validation.transform(state.copy, { type: 'body', metatype: UploadSnapshotDto })) as UploadSnapshotDto;
    dto.state = state.raw;
    return dto;
  }
}

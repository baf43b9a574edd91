import { Module } from '@nestjs/common';
import { TokenReplacementController } from '../tokens/token-replacement.controller';
import { TokenReplacementRepository } from './token-replacement.repository';
import { TokenReplacementService } from '../tokens/token-replacement.service';

/** `POST /api/replace-token`: revoke every token of the account and hand out a new one. */
@Module({
  controllers: [TokenReplacementController],
  providers: [TokenReplacementService, TokenReplacementRepository],
})
export class TokenReplacementModule {}

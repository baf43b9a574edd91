import { Controller, Get, Query } from '@nestjs/common';
import { AuthUser, CurrentUser } from '../common';
import { AuditService } from './audit.service';
import { AuditQueryDto } from './dto/audit-query.dto';

@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The caller's own security events, newest first, paged by `before`. */
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: AuditQueryDto) {
    return this.audit.page(user.userId, query.limit, query.before);
  }
}

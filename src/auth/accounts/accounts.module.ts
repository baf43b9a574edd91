import { Module } from '@nestjs/common';
import { AccountsService } from './accounts.service';
import { UsersRepository } from './users.repository';

/**
 * The account rows and account-level operations, without any route: imported by the auth feature
 * module and by operator CLIs (with the core modules) that delete accounts.
 */
@Module({ providers: [UsersRepository, AccountsService], exports: [UsersRepository, AccountsService] })
export class AccountsModule {}

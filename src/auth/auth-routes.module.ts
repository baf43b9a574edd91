import { DynamicModule, Module } from '@nestjs/common';
import { MailModule } from '../mail';
import { AppConfig } from '../config';
import { AccountController } from './accounts/account.controller';
import { OneTimeLinkMailer } from './accounts/one-time-link-mailer';
import { AuthModule } from './auth.module';
import { LoginController } from './login/login.controller';
import { MagicLinkLoginService } from './login/magic-link-login.service';
import { PasskeyLoginService } from './login/passkey-login.service';
import { SignInService } from './login/sign-in.service';
import { PasskeyRecoveryController } from './recovery/passkey-recovery.controller';
import { PasskeyRecoveryService } from './recovery/passkey-recovery.service';
import { RegistrationPolicy } from './registration/registration-policy';
import { RegistrationController } from './registration/registration.controller';
import { BotCheck } from './registration/bot-check';
import { RegistrationService } from './registration/registration.service';
import { TestModeController } from './test-mode/test-mode.controller';
import { TestModeService } from './test-mode/test-mode.service';
import { TokenReplacementController } from './tokens/token-replacement.controller';
import { TokenRotationController } from './tokens/token-rotation.controller';
import { TokenRotationService } from './tokens/token-rotation.service';
import { TokenReplacementService } from './tokens/token-replacement.service';
import { EmailVerificationController } from './verification/email-verification.controller';
import { EmailVerificationService } from './verification/email-verification.service';
import { ChallengeStore } from './webauthn/challenge-store';
import { ChallengesRepository } from './webauthn/challenges.repository';
import { PasskeysRepository } from './webauthn/passkeys.repository';
import { RelyingParty } from './webauthn/relying-party';

/**
 * The account routes: registration, email verification, passkey and magic-link login, passkey
 * recovery, account deletion (accounts spec §3), token replacement (§3.13) and rotation (opsync-api.md §1), plus the TEST_MODE
 * helpers when enabled, which is why it is built from the config. Only the HTTP app imports it.
 */
@Module({})
export class AuthRoutesModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AuthRoutesModule,
      imports: [AuthModule, MailModule],
      controllers: [
        RegistrationController,
        EmailVerificationController,
        LoginController,
        PasskeyRecoveryController,
        AccountController,
        TokenReplacementController,
        TokenRotationController,
        ...(config.testMode ? [TestModeController] : []),
      ],
      providers: [
        OneTimeLinkMailer,
        RegistrationPolicy,
        RegistrationService,
        BotCheck,
        EmailVerificationService,
        ChallengesRepository,
        ChallengeStore,
        PasskeysRepository,
        RelyingParty,
        SignInService,
        PasskeyLoginService,
        MagicLinkLoginService,
        PasskeyRecoveryService,
        TokenReplacementService,
        TokenRotationService,
        ...(config.testMode ? [TestModeService] : []),
      ],
    };
  }
}

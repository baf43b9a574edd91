import { CanActivate, ExecutionContext, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AccessTokenVerifier } from './access-token.verifier';
import { registerBearerStrategy } from './bearer.strategy';
import { IS_PUBLIC } from './public.decorator';

/** Global guard (APP_GUARD): every HTTP route needs a valid access token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate, OnModuleDestroy {
  private readonly passportGuard: CanActivate;
  private readonly unregister: () => void;

  constructor(
    private readonly reflector: Reflector,
    verifier: AccessTokenVerifier,
  ) {
    const strategy = registerBearerStrategy(verifier);
    this.passportGuard = new (AuthGuard(strategy.name))();
    this.unregister = strategy.unregister;
  }

  canActivate(context: ExecutionContext) {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    return isPublic ? true : this.passportGuard.canActivate(context);
  }

  onModuleDestroy(): void {
    this.unregister();
  }
}

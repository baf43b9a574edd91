import { DynamicModule, Module, Type } from '@nestjs/common';
import { AppConfig } from '../config';
import { coreModules } from '../core-modules';

/** An operator script's Nest context: the core infrastructure plus the feature modules it uses; no HTTP. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, features: Type<unknown>[]): DynamicModule {
    return { module: CliModule, imports: [...coreModules(config), ...features] };
  }
}

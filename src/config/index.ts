/** The validated configuration: loaded once at start-up (loadConfig), injected as AppConfig. */
export { AppConfig } from './app-config';
export type { PrivacyConfig, TurnstileConfig } from './app-config';
export { ConfigModule } from './config.module';
export { originAllowed } from './cors-origins';
export { ConfigError, loadConfig } from './load-config';

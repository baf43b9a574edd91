/** The keys module's front door: other modules import only from here. */
export { KeysModule } from './keys.module';
export { KeysService } from './keys.service';
export type { KeyVersionRow } from './key-versions.repository';

/** Account export and import (opsync-api.md §11): the module, its services and the NDJSON line reader the operator scripts use. */
export { AccountExportService } from './account-export.service';
export type { TransferCounts } from './account-export.service';
export { AccountImportService, MAX_IMPORT_LINE_BYTES } from './account-import.service';
export { AccountTransferModule } from './account-transfer.module';
export { ndjsonLines } from './ndjson-lines';

import { createHmac } from 'node:crypto';

/** What the server keeps of a store name (opsync-api.md §3): HMAC-SHA256 under the account's own name key. */
export const nameHmac = (nameKey: Buffer, name: string): Buffer => createHmac('sha256', nameKey).update(name, 'utf8').digest();

/** The event types of opsync-api.md §7. */
export const AccountEventType = {
  DataUpdated: 'data_updated',
  ConfigChanged: 'config_changed',
  DeviceConnected: 'device_connected',
  DeviceRevoked: 'device_revoked',
  KeyRotated: 'key_rotated',
  MemberAdded: 'member_added',
  MemberRemoved: 'member_removed',
  StoreDeleted: 'store_deleted',
} as const;
export type AccountEventType = (typeof AccountEventType)[keyof typeof AccountEventType];

/** What a change tells the account's devices: metadata only, never data. */
export interface AccountEventInput {
  type: AccountEventType;
  storeId?: string;
  keyId?: string;
  deviceId?: string;
  version?: number;
  latestSeq?: number;
}

/** One event as GET /api/events sends it; absent fields are left out. `at` is epoch ms. */
export interface AccountEventView extends AccountEventInput {
  id: number;
  at: number;
}

export interface AccountEventPage {
  events: AccountEventView[];
  /** The account's newest event id (0 before its first): where a caught-up poller resumes. */
  latestId: number;
  hasMore: boolean;
  /** Events after `after` were pruned by retention: the device missed some and must resync in full. */
  gapDetected: boolean;
}

/**
 * The audit catalogue (opsync-api.md §8). A module records only these; `details` is small JSON that
 * never holds secrets, payloads, tokens or full email addresses.
 */
export const AuditEventType = {
  AccountCreated: 'account_created',
  EmailVerified: 'email_verified',
  PasskeyAdded: 'passkey_added',
  PasskeyRemoved: 'passkey_removed',
  SignedIn: 'signed_in',
  RecoveryCompleted: 'recovery_completed',
  TokenReplaced: 'token_replaced',
  TokenRotated: 'token_rotated',
  TokenRevoked: 'token_revoked',
  TokenClaimed: 'token_claimed',
  DeviceConnected: 'device_connected',
  DeviceApproved: 'device_approved',
  DeviceDenied: 'device_denied',
  DeviceRevoked: 'device_revoked',
  ConfigUpdated: 'config_updated',
  KeyStored: 'key_stored',
  KeyRotated: 'key_rotated',
  KeyDeleted: 'key_deleted',
  MemberAdded: 'member_added',
  MemberRemoved: 'member_removed',
  StoreDeleted: 'store_deleted',
  DataCleared: 'data_cleared',
  AccountDeleted: 'account_deleted',
  OperatorAction: 'operator_action',
} as const;
export type AuditEventType = (typeof AuditEventType)[keyof typeof AuditEventType];

export type AuditActor = 'user' | 'operator' | 'system';

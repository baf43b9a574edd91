/** A clientId (protocol spec §2.1): 1–255 characters of `[A-Za-z0-9_-]`, one per device/installation. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

export const isClientId = (value: string | null | undefined): value is string => typeof value === 'string' && CLIENT_ID_PATTERN.test(value);

// /recover-passkey?token=…: registers a passkey that replaces all others (accounts spec §8.3).
// Fresh options are fetched on every attempt; the token stays valid until completion or expiry.
import { ApiError, callApi, confirmButton, pageToken, passkeyErrorText, webauthn } from './common.js';

confirmButton(async (progress) => {
  const token = pageToken();
  progress('Preparing…');
  const { options } = await callApi('POST', '/api/recover/passkey/options', { body: { token } });
  progress('Waiting for your passkey…');
  let credential;
  try {
    credential = await webauthn().startRegistration({ optionsJSON: options });
  } catch (error) {
    throw new ApiError(0, passkeyErrorText(error, 'Passkey creation was cancelled. Press the button to try again.'));
  }
  progress('Saving…');
  const result = await callApi('POST', '/api/recover/passkey/complete', { body: { token, credential } });
  return result.message || 'Your passkey was replaced. Log in with the new passkey.';
});

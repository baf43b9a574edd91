// /magic-login?token=…: exchanges the one-time login token for an access token (accounts spec §8.2)
// and hands it to the account page through sessionStorage.
import { callApi, confirmButton, pageToken } from './common.js';

confirmButton(async (progress) => {
  progress('Logging in…');
  const result = await callApi('POST', '/api/login/magic-link/verify', { body: { token: pageToken() } });
  sessionStorage.setItem('loginToken', result.token);
  window.location.assign('/');
  return 'Logged in. Opening your account…';
});

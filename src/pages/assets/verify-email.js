// /verify-email?token=…: confirms the address with a POST, never on page load (accounts spec §8.4),
// so a mail scanner that fetches the link cannot use it up.
import { callApi, confirmButton, pageToken } from './common.js';

confirmButton(async (progress) => {
  progress('Confirming…');
  const result = await callApi('POST', '/api/verify-email', { body: { token: pageToken() } });
  document.getElementById('continue').textContent = 'Continue to log in';
  return result.message || 'Your email is verified. You can log in now.';
});

/**
 * A verified account with a token, made by the app itself through the TEST_MODE route
 * `POST /api/test/create-user` (accounts spec §3.18): the bench never writes table users directly.
 */
export async function createTestUser(baseUrl: string, email: string): Promise<{ userId: number; token: string }> {
  const res = await fetch(`${baseUrl}/api/test/create-user`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'bench-password' }),
  });
  if (res.status !== 201) throw new Error(`create-user answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { userId: number; token: string };
}

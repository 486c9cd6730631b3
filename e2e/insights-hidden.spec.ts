import type { APIResponse } from '@playwright/test';
import { expect, test } from './fixtures/test';

// The insights' CSV endpoint is meant not to be known to be there: to anyone who is not an
// operator (the suite's server has none) a name that is not a table must be answered exactly
// as a real table is, or the answer would list the tables.

/** What a client can compare between two answers: all of it but the request id and the date. */
async function seen(response: APIResponse) {
  const { 'x-request-id': id, date: _date, ...headers } = response.headers();
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  return { status: response.status(), headers, body: await response.text() };
}

test('a table that does not exist is answered exactly as a real one, signed out and signed in', async ({ api, newApi, uniqueEmail }) => {
  const signedIn = await newApi();
  expect(
    (
      await signedIn.post('/api/auth/sign-up', {
        data: { email: uniqueEmail(), displayName: 'Not an operator', password: 'a fine long password' },
      })
    ).status(),
  ).toBe(201);

  for (const [who, client] of [
    ['signed out', api],
    ['signed in', signedIn],
  ] as const) {
    const real = await seen(await client.get('/api/insights/funnel.csv'));
    expect(real.status, who).toBe(404);
    expect(JSON.parse(real.body), who).toEqual({ error: { code: 'not_found', message: 'There is nothing here.' } });
    for (const path of [
      '/api/insights/secrets.csv',
      '/api/insights/funnel',
      '/api/insights/funnel.json',
      '/api/insights/funnel.csv?days=7',
      '/api/insights/x.csv?days=bad',
    ]) {
      expect(await seen(await client.get(path)), `${who}: ${path}`).toEqual(real);
    }
  }
});

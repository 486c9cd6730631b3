import { expect, test } from './fixtures/test';
import { addVirtualAuthenticator, toBase64Url } from './fixtures/virtual-authenticator';

// The fixture the passkey tests build on: a modal create on our origin is answered by the
// virtual authenticator, which then holds the credential with the flags we asked for.

test('a virtual authenticator answers a modal create on the app origin and keeps the credential', async ({ page }) => {
  await page.goto('/');
  const authenticator = await addVirtualAuthenticator(page, { defaultBackupEligibility: true, defaultBackupState: true });
  const added = authenticator.nextEvent('credentialAdded');
  const id = await page.evaluate(async () => {
    const credential = (await navigator.credentials.create({
      publicKey: {
        challenge: crypto.getRandomValues(new Uint8Array(32)),
        rp: { id: 'localhost', name: 'fixture check' },
        user: { id: crypto.getRandomValues(new Uint8Array(16)), name: 'fixture@example.com', displayName: 'Fixture' },
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      },
    })) as PublicKeyCredential;
    return credential.id;
  });
  await added;
  const [stored] = await authenticator.credentials();
  expect(stored && toBase64Url(stored.credentialId)).toBe(id);
  expect(stored).toMatchObject({ isResidentCredential: true, rpId: 'localhost', userName: 'fixture@example.com' });
  expect(stored?.backupEligibility).toBe(true);
  await authenticator.remove();
});

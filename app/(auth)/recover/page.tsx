import type { Metadata } from 'next';
import { previewRecovery } from '@/lib/server/account/recovery';
import { LinkProblem, tokenFrom } from '../link-problem';
import { RecoverForm } from './recover-form';

export const metadata: Metadata = { title: 'Recover your account', referrer: 'no-referrer' };

// Opening the link only shows what it can do; nothing changes until the person submits
// (mail scanners that open links must not use them up).
export default async function RecoverPage(props: { searchParams: Promise<{ token?: string | string[] }> }) {
  const token = tokenFrom((await props.searchParams).token);
  const preview = await previewRecovery(token);
  if (!preview.ok) return <LinkProblem message={preview.message} again={{ href: '/forgot-password', label: 'Send me a new link' }} />;
  return (
    <div className="card auth-card">
      <h1>Recover your account</h1>
      <RecoverForm
        token={token}
        email={preview.email}
        hasPassword={preview.methods.password}
        passkeys={preview.methods.passkeys}
        firstProof={preview.firstProof}
      />
    </div>
  );
}

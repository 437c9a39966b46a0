'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** Ends the session (Better Auth sign-out) and returns to the sign-in page. */
export function SignOutButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    await fetch('/api/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    router.replace('/sign-in');
    router.refresh();
  }
  return (
    <button type="button" className="link-button" onClick={signOut} disabled={busy}>
      {busy ? 'Signing out…' : 'Sign out'}
    </button>
  );
}

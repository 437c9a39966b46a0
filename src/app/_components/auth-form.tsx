'use client';
/**
 * Email + password sign-in / sign-up against Better Auth (/api/auth/*). JSON
 * requests from our own origin only: Better Auth checks the Origin header, so a
 * cross-site form cannot sign anyone in or up (CSRF).
 */
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

type Mode = 'sign-in' | 'sign-up';
type Field = 'name' | 'email' | 'password';

const MIN_PASSWORD = 8;

/** Every problem at once, one per field (a new user should not fix them one submit at a time). */
function validate(mode: Mode, values: Record<Field, string>): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  if (mode === 'sign-up' && !values.name.trim()) errors.name = 'Tell us your name';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim())) errors.email = 'Enter a valid email address';
  if (!values.password) errors.password = 'Enter your password';
  else if (mode === 'sign-up' && !values.password.trim()) errors.password = 'Choose a password that is more than spaces';
  else if (mode === 'sign-up' && values.password.length < MIN_PASSWORD) errors.password = `Use at least ${MIN_PASSWORD} characters`;
  return errors;
}

export function AuthForm({ mode }: { mode: Mode }) {
  const router = useRouter();
  const [values, setValues] = useState<Record<Field, string>>({ name: '', email: '', password: '' });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const invalid = validate(mode, values);
    setFieldErrors(invalid);
    setError(null);
    const first = (['name', 'email', 'password'] as const).find((f) => invalid[f]);
    if (first) return document.getElementById(`auth-${first}`)?.focus();
    setBusy(true);
    const body = mode === 'sign-up' ? { name: values.name.trim(), email: values.email.trim(), password: values.password } : { email: values.email.trim(), password: values.password };
    const response = await fetch(`/api/auth/${mode}/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).catch(() => null);
    if (!response?.ok) {
      const data = response ? await response.json().catch(() => ({})) : {};
      setBusy(false);
      return setError(friendlyMessage(mode, response?.status, data.message));
    }
    router.replace('/inbox');
    router.refresh();
  }

  const input = (field: Field, label: string, type: string, autoComplete: string) => (
    <div className="field">
      <label className="field-label" htmlFor={`auth-${field}`}>
        {label}
      </label>
      <input
        id={`auth-${field}`}
        name={field}
        type={type}
        className="input"
        autoComplete={autoComplete}
        value={values[field]}
        aria-invalid={fieldErrors[field] ? true : undefined}
        aria-describedby={fieldErrors[field] ? `auth-${field}-error` : undefined}
        onChange={(e) => {
          setValues({ ...values, [field]: e.target.value });
          if (fieldErrors[field]) setFieldErrors({ ...fieldErrors, [field]: undefined });
        }}
      />
      {fieldErrors[field] ? (
        <p className="field-error" id={`auth-${field}-error`} role="alert">
          {fieldErrors[field]}
        </p>
      ) : null}
    </div>
  );

  return (
    <form className="auth-form" onSubmit={submit} noValidate>
      <h1 className="auth-title">{mode === 'sign-in' ? 'Welcome back' : 'Create your account'}</h1>
      <p className="auth-subtitle">{mode === 'sign-in' ? 'Sign in to your planner.' : 'Start planning in a minute. No card, no fuss.'}</p>
      {mode === 'sign-up' ? input('name', 'Name', 'text', 'name') : null}
      {input('email', 'Email', 'email', 'email')}
      {input('password', 'Password', 'password', mode === 'sign-in' ? 'current-password' : 'new-password')}
      {mode === 'sign-up' ? (
        <p className="field-hint" data-testid="password-rule">
          At least {MIN_PASSWORD} characters, not just spaces, and not a common password such as “password1”.
        </p>
      ) : null}
      {error ? (
        <p className="form-error" id="auth-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button primary block" disabled={busy}>
        {busy ? 'One moment…' : mode === 'sign-in' ? 'Sign in' : 'Create account'}
      </button>
      <p className="auth-switch">
        {mode === 'sign-in' ? (
          <>
            New here? <Link href="/sign-up">Create an account</Link>
          </>
        ) : (
          <>
            Already have an account? <Link href="/sign-in">Sign in</Link>
          </>
        )}
      </p>
    </form>
  );
}

function friendlyMessage(mode: Mode, status: number | undefined, message: string | undefined): string {
  if (status === undefined) return 'Can’t reach Planner. Check your connection and try again.';
  if (status === 429) return 'Too many attempts. Wait a few seconds and try again.';
  if (mode === 'sign-in' && (status === 401 || status === 400)) return 'That email and password don’t match.';
  if (mode === 'sign-up' && status === 422) return 'An account with this email already exists. Sign in instead?';
  return message || 'Something went wrong. Please try again.';
}

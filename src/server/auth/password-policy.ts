/**
 * What a new password must be: 8–128 characters (Better Auth checks the length),
 * not only spaces, and not one of the ~49,000 most common passwords of
 * @zxcvbn-ts/language-common's list (shipped in the package: no network; compared
 * case-insensitively). The sign-up form states the rule (auth-form.tsx).
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

let common: Promise<Set<string>> | undefined;

/** The list, loaded on first use (it is a few hundred kB; most requests never need it). */
function commonPasswords(): Promise<Set<string>> {
  common ??= import('@zxcvbn-ts/language-common').then(({ dictionary }) => {
    const list = dictionary['passwords-common'] as string[];
    return new Set(list.map((p) => p.toLowerCase()));
  });
  return common;
}

/** Why `password` is refused as a new password, or undefined when it is acceptable. */
export async function passwordProblem(password: string): Promise<string | undefined> {
  if (password.trim() === '') return 'Choose a password that is more than spaces';
  if ((await commonPasswords()).has(password.toLowerCase())) {
    return 'That password is one of the most common ones, so it is guessed first. Choose another.';
  }
  return undefined;
}

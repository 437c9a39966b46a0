/** Where the Outlook routes send the browser: the integrations page (with a result in the query) or sign-in. */

export const INTEGRATIONS_PATH = '/settings/integrations';
export const SIGN_IN_PATH = '/sign-in';

/** Absolute URL of the integrations page on the app's public URL, with a result in the query. */
export function integrationsPageUrl(appUrl: string, params: Record<string, string> = {}): string {
  const url = new URL(INTEGRATIONS_PATH, appUrl);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

export function signInUrl(appUrl: string): string {
  const url = new URL(SIGN_IN_PATH, appUrl);
  url.searchParams.set('next', INTEGRATIONS_PATH);
  return url.toString();
}

/**
 * Scope strings of the identity platform (docs/graph-facts.md §6): space separated; short
 * names default to Graph; `offline_access` decides whether a refresh token is issued.
 */
import { OAuthError } from '../errors';

const OIDC = new Set(['openid', 'profile', 'email', 'offline_access']);
const GRAPH_PREFIX = 'https://graph.microsoft.com/';
export const DEFAULT_GRAPH_SCOPES = ['User.Read', 'Tasks.ReadWrite'];

export interface ParsedScopes {
  graph: string[];
  oidc: string[];
}

export function parseScopes(raw: string | undefined | null): ParsedScopes {
  const words = (raw ?? '').split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    throw new OAuthError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
  }
  const graph = new Set<string>();
  const oidc = new Set<string>();
  for (const word of words) {
    if (OIDC.has(word.toLowerCase())) oidc.add(word.toLowerCase());
    else for (const s of graphScope(word)) graph.add(s);
  }
  return { graph: [...graph], oidc: [...oidc] };
}

function graphScope(word: string): string[] {
  const name = word.toLowerCase().startsWith(GRAPH_PREFIX) ? word.slice(GRAPH_PREFIX.length) : word;
  if (name === '.default') return DEFAULT_GRAPH_SCOPES;
  if (/^[A-Za-z]+(\.[A-Za-z]+)+$/.test(name)) return [canonical(name)];
  throw new OAuthError(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${word} is not valid.`);
}

function canonical(name: string): string {
  const known = ['User.Read', 'Tasks.ReadWrite', 'Tasks.Read', 'Tasks.ReadWrite.Shared', 'Tasks.Read.Shared', 'Mail.Read', 'Calendars.ReadWrite'];
  return known.find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
}

export function scopeString(scopes: string[]): string {
  return scopes.filter((s) => s !== 'offline_access').join(' ');
}

/** True when every requested scope was granted (refresh may narrow, never widen). */
export function isSubset(requested: string[], granted: string[]): boolean {
  const lower = new Set(granted.map((s) => s.toLowerCase()));
  return requested.every((s) => lower.has(s.toLowerCase()));
}

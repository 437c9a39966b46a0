/** OData query options and Prefer headers used by the To Do endpoints. */
import { badRequest } from '../errors';

export interface Prefer {
  maxPageSize: number | null;
  timeZone: string | undefined;
}

export function parsePrefer(header: string | undefined): Prefer {
  const prefer: Prefer = { maxPageSize: null, timeZone: undefined };
  for (const part of (header ?? '').split(',')) {
    const [rawKey, ...rest] = part.split('=');
    const key = rawKey.trim().toLowerCase();
    const value = rest.join('=').trim().replace(/^"|"$/g, '');
    if (key === 'odata.maxpagesize' && Number(value) > 0) prefer.maxPageSize = Math.floor(Number(value));
    if (key === 'outlook.timezone' && value) prefer.timeZone = value;
  }
  return prefer;
}

export function parseSet(value: string | undefined): Set<string> | null {
  if (value === undefined || value.trim() === '') return null;
  return new Set(value.split(',').map((s) => s.trim()).filter(Boolean));
}

export function parseExpand(value: string | undefined, allowed: string[]): Set<string> {
  const set = parseSet(value) ?? new Set<string>();
  for (const name of set) {
    if (!allowed.includes(name)) throw badRequest(`Could not find a property named '${name}' on type 'microsoft.graph.todoTask'.`, 'BadRequest');
  }
  return set;
}

export function parseNonNegativeInt(value: string | undefined, name: string): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value)) throw badRequest(`Invalid value '${value}' for query option '${name}'.`, 'BadRequest');
  return Number(value);
}

/** Sorts rendered items by `$orderby=prop [asc|desc], ...`. */
export function applyOrderBy<T extends Record<string, unknown>>(items: T[], orderBy: string | undefined): T[] {
  if (!orderBy) return items;
  const keys = orderBy.split(',').map((part) => {
    const [prop, dir = 'asc'] = part.trim().split(/\s+/);
    return { prop, desc: dir.toLowerCase() === 'desc' };
  });
  return [...items].sort((a, b) => {
    for (const { prop, desc } of keys) {
      const av = String(readPath(a, prop) ?? '');
      const bv = String(readPath(b, prop) ?? '');
      if (av !== bv) return (av < bv ? -1 : 1) * (desc ? -1 : 1);
    }
    return 0;
  });
}

export function readPath(item: Record<string, unknown>, path: string): unknown {
  return path.split('/').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), item);
}

/** Rebuilds the request URL with some query options replaced (nextLink). */
export function linkWith(base: string, path: string, query: Record<string, string>, changes: Record<string, string | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...query, ...changes })) if (v !== null && v !== undefined) params.set(k, v);
  const search = params.toString().replace(/%24/g, '$').replace(/\+/g, '%20');
  return `${base}${path}${search ? `?${search}` : ''}`;
}

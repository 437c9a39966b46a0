/**
 * OData paging: follow every @odata.nextLink (a page may be empty) until there is
 * none, or until an @odata.deltaLink arrives. The same headers go on every page
 * (Prefer: odata.maxpagesize must be repeated; the links carry the query).
 */
import type { GraphHttp } from './http';
import type { ODataPage } from './types';

export interface PageRequest {
  url: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
}

export interface Page<T> {
  items: T[];
  /** Set on the last page of a delta round: store the whole URL. */
  deltaLink?: string;
  /** 1-based page number. */
  pageNo: number;
}

/** Hard stop against a server that links pages in a loop. */
export const MAX_PAGES = 10_000;

export async function* iteratePages<T>(http: GraphHttp, first: PageRequest): AsyncGenerator<Page<T>> {
  let request: PageRequest | undefined = first;
  for (let pageNo = 1; request; pageNo++) {
    if (pageNo > MAX_PAGES) throw new Error(`More than ${MAX_PAGES} pages from ${first.url}: giving up`);
    const response: { body: ODataPage<T> | undefined } = await http.send<ODataPage<T>>({ method: 'GET', ...request });
    const body = response.body;
    const nextLink: string | undefined = body?.['@odata.nextLink'];
    const deltaLink: string | undefined = body?.['@odata.deltaLink'];
    yield { items: body?.value ?? [], deltaLink: nextLink ? undefined : deltaLink, pageNo };
    request = nextLink ? { url: nextLink, headers: first.headers } : undefined;
  }
}

/** All items of every page, and the deltaLink of the last page (if any). */
export async function collectPages<T>(http: GraphHttp, first: PageRequest): Promise<{ items: T[]; deltaLink?: string }> {
  const items: T[] = [];
  let deltaLink: string | undefined;
  for await (const page of iteratePages<T>(http, first)) {
    items.push(...page.items);
    deltaLink = page.deltaLink ?? deltaLink;
  }
  return { items, deltaLink };
}

import { PlatformResponseError } from './errors';

/** One page of a Management API listing as the client (or the KV adapter) returns it. */
export interface ListingPage<T> {
  /** The page's items; a missing `result` counts as an empty page. */
  result?: T[];
  /** `total_count` when the platform sent it. */
  totalCount?: number;
}

/** Size and bound of a paged listing. */
export interface PagingOptions {
  /** Items asked for per page (`count`); the platform's default page size is undocumented (docs/platform.md#paging), so it is always given. */
  pageSize: number;
  /** Pages read at most before the listing counts as endless. */
  maxPages: number;
}

/**
 * Reads a whole Management API listing with `offset`/`count`: pages until a page comes back shorter
 * than `pageSize` (empty included) or `totalCount` items are read. The one paging loop of the
 * Node side (deploy's Get* listings, the order store's GetKeyValueItems).
 * @param method the listing's `cmd`, for the error
 * @param page reads one page at `offset` (items already read) of `count` items
 * @throws PlatformResponseError after `maxPages` full pages (a platform that never ends its listing);
 *   whatever `page` throws
 */
export async function fetchAllPages<T>(
  method: string,
  page: (offset: number, count: number) => Promise<ListingPage<T>>,
  { pageSize, maxPages }: PagingOptions,
): Promise<T[]> {
  const all: T[] = [];
  for (let i = 0; i < maxPages; i++) {
    const { result, totalCount } = await page(all.length, pageSize);
    const items = result ?? [];
    all.push(...items);
    if (items.length < pageSize || (typeof totalCount === 'number' && all.length >= totalCount)) return all;
  }
  throw new PlatformResponseError(method, `the listing did not end after ${maxPages} pages of ${pageSize}`);
}

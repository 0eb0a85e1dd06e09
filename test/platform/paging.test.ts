import { PlatformResponseError } from '../../src/platform/errors';
import { fetchAllPages } from '../../src/platform/paging';

/** A listing of `items` served page by page; records each (offset, count) asked for. */
function listing(items: number[], options: { withTotal?: boolean; totalCount?: number } = {}) {
  const asked: [number, number][] = [];
  const page = async (offset: number, count: number) => {
    asked.push([offset, count]);
    const result = items.slice(offset, offset + count);
    return options.withTotal ? { result, totalCount: options.totalCount ?? items.length } : { result };
  };
  return { page, asked };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('fetchAllPages', () => {
  it('reads until a short page, asking with offset = items read so far', async () => {
    const { page, asked } = listing(range(7));
    await expect(fetchAllPages('GetRules', page, { pageSize: 3, maxPages: 10 })).resolves.toEqual(range(7));
    expect(asked).toEqual([
      [0, 3],
      [3, 3],
      [6, 3],
    ]);
  });

  it('reads one empty page after an exact multiple of the page size when no total is sent', async () => {
    const { page, asked } = listing(range(6));
    await expect(fetchAllPages('GetRules', page, { pageSize: 3, maxPages: 10 })).resolves.toEqual(range(6));
    expect(asked.map(([offset]) => offset)).toEqual([0, 3, 6]);
  });

  it('stops as soon as totalCount items are read', async () => {
    const { page, asked } = listing(range(6), { withTotal: true });
    await expect(fetchAllPages('GetKeyValueItems', page, { pageSize: 3, maxPages: 10 })).resolves.toEqual(range(6));
    expect(asked.map(([offset]) => offset)).toEqual([0, 3]);
  });

  it('treats a page without result as empty', async () => {
    await expect(fetchAllPages('GetScenarios', async () => ({}), { pageSize: 3, maxPages: 10 })).resolves.toEqual([]);
  });

  it('throws PlatformResponseError naming the method when the listing never ends', async () => {
    const endless = async (_offset: number, count: number) => ({ result: range(count) });
    const failure = fetchAllPages('GetPhoneNumbers', endless, { pageSize: 2, maxPages: 4 });
    await expect(failure).rejects.toBeInstanceOf(PlatformResponseError);
    await expect(failure).rejects.toMatchObject({ method: 'GetPhoneNumbers', message: expect.stringContaining('after 4 pages of 2') });
  });
});

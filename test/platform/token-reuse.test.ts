import { reuseSignedToken } from '../../src/platform/token-reuse';

describe('reuseSignedToken', () => {
  function fakeClient() {
    let n = 0;
    return { generateAuthHeader: jest.fn(() => `Bearer token-${++n}`) };
  }

  it('signs once per reuse window and again after it', () => {
    let now = 1_000_000;
    const client = fakeClient();
    const sign = client.generateAuthHeader;
    reuseSignedToken(client, 30, () => now);
    expect([client.generateAuthHeader(), client.generateAuthHeader()]).toEqual(['Bearer token-1', 'Bearer token-1']);
    now += 29_999;
    expect(client.generateAuthHeader()).toBe('Bearer token-1');
    now += 1;
    expect(client.generateAuthHeader()).toBe('Bearer token-2');
    expect(sign).toHaveBeenCalledTimes(2);
  });

  it('re-signs when the clock goes backwards, and leaves the client alone for 0', () => {
    let now = 5_000;
    const client = fakeClient();
    reuseSignedToken(client, 30, () => now);
    client.generateAuthHeader();
    now -= 1000;
    expect(client.generateAuthHeader()).toBe('Bearer token-2');
    const plain = fakeClient();
    const original = plain.generateAuthHeader;
    reuseSignedToken(plain, 0);
    expect(plain.generateAuthHeader).toBe(original);
  });

  it("refuses a window that would outlive the client's 64 s tokens", () => {
    expect(() => reuseSignedToken(fakeClient(), 60)).toThrow(RangeError);
  });
});

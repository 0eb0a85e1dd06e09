import fc from 'fast-check';
import { utf8Length } from '../../contract/stored-json';

describe('utf8Length', () => {
  it('agrees with Buffer.byteLength on any string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
      }),
    );
    expect(utf8Length('\ud83d')).toBe(3);
    expect(utf8Length('😀é$')).toBe(7);
  });
});

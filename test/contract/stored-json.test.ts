import fc from 'fast-check';
import { utf8Length } from '../../contract/stored-json';

/**
 * One code point of any plane, lone surrogates included, weighted toward each UTF-8 length (1 to 4 bytes).
 * fast-check's own `unit: 'binary'` draws from the same set but takes ~1.3 s of CPU to build per test file.
 */
const anyCodePoint = fc
  .oneof(
    fc.integer({ min: 0, max: 0x7f }),
    fc.integer({ min: 0x80, max: 0xffff }),
    fc.integer({ min: 0xd800, max: 0xdfff }),
    fc.integer({ min: 0x10000, max: 0x10ffff }),
  )
  .map((codePoint) => String.fromCodePoint(codePoint));

describe('utf8Length', () => {
  it('agrees with Buffer.byteLength on any string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: anyCodePoint }), (text) => {
        expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
      }),
    );
    expect(utf8Length('\ud83d')).toBe(3);
    expect(utf8Length('😀é$')).toBe(7);
  });
});

import { maskPhonesInText } from '../../contract/mask-text';
import { maskExceptIds } from '../../src/cli/commands/deploy';
import { numbersShownIn } from '../contract/number-needles';

/** `voxmask deploy` prints its plan with numbers masked, but the platform ids (`#2345678`) and content hashes it quotes readable. */
describe('deploy output', () => {
  const mask = (text: string) => maskPhonesInText(text, { keep: ['+493025550100'] });

  it('masks numbers other than the virtual ones and keeps platform ids', () => {
    const line =
      'scenario masked-call #2345678 exists on the platform; operator ０１７６ ９８７ ６５４３, bind +493025550100 to application #12345678';
    const printed = maskExceptIds(line, mask);
    expect(printed).toContain('#2345678 exists');
    expect(printed).toContain('application #12345678');
    expect(printed).toContain('bind +493025550100');
    expect(numbersShownIn(printed, ['01769876543'])).toEqual([]);
  });

  it('keeps a content hash readable even when seven of its hex digits in a row are decimal', () => {
    // A 12-digit hash prefix such as 256a0123598a holds the run 0123598, which the masker would take for a number.
    const line =
      'add scenario masked-call (99168 characters, hash 256a0123598a); update scenario pool-call #77 (hash 5550101010ab → hash 9876543210fe), operator +4930123456789';
    const printed = maskExceptIds(line, mask);
    expect(printed).toContain('hash 256a0123598a)');
    expect(printed).toContain('(hash 5550101010ab → hash 9876543210fe)');
    expect(numbersShownIn(printed, ['+4930123456789'])).toEqual([]);
  });
});

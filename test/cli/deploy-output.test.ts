import { maskPhonesInText } from '../../contract/mask-text';
import { maskDeployLine } from '../../src/cli/commands/deploy';
import { numbersShownIn } from '../contract/number-needles';

/** `voxmask deploy` prints its plan with numbers masked, but the platform ids (`#2345678`) and bundle hashes it quotes readable. */
describe('deploy output', () => {
  const mask = (text: string) => maskPhonesInText(text, { keep: ['+493025550100'] });

  it('masks numbers other than the virtual ones and keeps platform ids', () => {
    const line =
      'scenario masked-call #2345678 exists on the platform; operator ０１７６ ９８７ ６５４３, bind +493025550100 to application #12345678';
    const printed = maskDeployLine(line, mask);
    expect(printed).toContain('#2345678 exists');
    expect(printed).toContain('application #12345678');
    expect(printed).toContain('bind +493025550100');
    expect(numbersShownIn(printed, ['01769876543'])).toEqual([]);
  });

  it('keeps the hash prefixes of a plan readable, however many digits they hold', () => {
    const line = 'update scenario masked-call #2345678 (hash 2561234598ab → hash 0123456789ab); operator +4917698765430';
    const printed = maskDeployLine(line, mask);
    expect(printed).toContain('(hash 2561234598ab → hash 0123456789ab)');
    expect(numbersShownIn(printed, ['+4917698765430'])).toEqual([]);
  });
});

import { parseConfig } from '../../src/config';
import { configuredNumbers } from '../../src/deploy/from-config';
import { planDeploy } from '../../src/deploy/plan';
import { scriptHash } from '../../src/deploy/hash';

const APP = 'voxmask.acc.voximplant.com';
const source = (name: string) => ({ name, file: `/v/${name}.voxengine.js`, text: name, hash: scriptHash(name) });

describe('configuredNumbers', () => {
  const config = parseConfig({
    deploy: {
      numbers: [{ number: '+493025550100' }],
      pool: { numbers: [{ number: '+4930500000100' }, { number: '+12125550101', country: 'DE' }] },
    },
  }).deploy;

  it('binds the shared numbers as configured and every pool number to the pool rule', () => {
    expect(configuredNumbers(config)).toEqual([
      { number: '+493025550100' },
      { number: '+4930500000100', rule: 'pool-call' },
      { number: '+12125550101', rule: 'pool-call' },
    ]);
  });

  it('plans the binds to the pool rule, and refuses pool numbers when rules.config.json lacks that rule', () => {
    const rules = [
      { ruleName: 'masked-call', scenarios: ['masked-call'], rulePattern: '.*' },
      { ruleName: 'pool-call', scenarios: ['pool-call'], rulePattern: '[^\\s\\S]' },
    ];
    const plan = (withPoolRule: boolean) =>
      planDeploy({
        desired: {
          fullName: APP,
          rules: withPoolRule ? rules : rules.slice(0, 1),
          scenarios: [source('masked-call'), ...(withPoolRule ? [source('pool-call')] : [])],
        },
        snapshot: {
          accountId: 1,
          accountName: 'acc',
          applicationName: APP,
          application: { applicationId: 10, applicationName: APP },
          similarApplications: [],
          rules: [],
          scenarios: new Map(),
          caseClashes: [],
          numbers: new Map(),
        },
        scenarioMetadata: () => undefined,
        numbers: configuredNumbers(config),
        canRentNumbers: true,
        force: false,
      });
    const binds = plan(true).actions.filter((a) => a.kind === 'bindNumber');
    expect(binds).toEqual([
      { kind: 'bindNumber', number: '+493025550100' },
      { kind: 'bindNumber', number: '+4930500000100', ruleName: 'pool-call' },
      { kind: 'bindNumber', number: '+12125550101', ruleName: 'pool-call' },
    ]);
    expect(plan(false).problems.map((p) => p.message)).toEqual([
      'number +4930500000100 is configured for rule pool-call, which rules.config.json does not define',
      'number +12125550101 is configured for rule pool-call, which rules.config.json does not define',
    ]);
  });
});

import { DeployStateError } from '../../src/deploy/errors';
import { scriptHash } from '../../src/deploy/hash';
import { metadataPaths } from '../../src/deploy/metadata';
import { metadataFilesFor } from '../../src/deploy/metadata-state';
import type { DesiredApplication } from '../../src/deploy/voxfiles';

const APP = 'voxmask.acme.voximplant.com';
const scenario = (name: string, text: string) => ({ name, file: `${name}.voxengine.js`, text, hash: scriptHash(text) });
const desired: DesiredApplication = {
  fullName: APP,
  rules: [{ ruleName: 'inbound', rulePattern: '.*', scenarios: ['masked-call', 'extra'] }],
  scenarios: [scenario('masked-call', 'a'), scenario('extra', 'b')],
};
const rules = [
  {
    ruleId: 7,
    ruleName: 'inbound',
    rulePattern: '.*',
    scenarios: [
      { scenarioId: 3, scenarioName: 'masked-call' },
      { scenarioId: 4, scenarioName: 'extra' },
    ],
  },
];

describe('metadataFilesFor', () => {
  it('lists application, rules and one scenario file per desired scenario, hashed from the local text', () => {
    const files = metadataFilesFor(desired, {
      applicationId: 1,
      applicationName: APP,
      rules,
      scenarioIds: new Map([
        ['masked-call', 3],
        ['extra', 4],
      ]),
    });
    expect(files.map((f) => f.path)).toEqual([
      metadataPaths.application(APP),
      metadataPaths.rules(APP),
      metadataPaths.scenario('masked-call'),
      metadataPaths.scenario('extra'),
    ]);
    expect(JSON.parse(files[3].text)).toEqual({ scenarioId: 4, scenarioName: 'extra', hash: scriptHash('b') });
  });

  it('refuses a desired scenario without a platform id instead of leaving its metadata out', () => {
    const missingId = () =>
      metadataFilesFor(desired, { applicationId: 1, applicationName: APP, rules, scenarioIds: new Map([['masked-call', 3]]) });
    expect(missingId).toThrow(DeployStateError);
    expect(missingId).toThrow('scenario extra has no platform id after deploy; its metadata cannot be written');
  });
});

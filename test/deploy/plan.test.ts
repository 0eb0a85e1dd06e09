import { describeAction } from '../../src/deploy/actions';
import { scriptHash } from '../../src/deploy/hash';
import { PlanInput, planDeploy } from '../../src/deploy/plan';
import { PlatformSnapshot } from '../../src/deploy/snapshot';
import { DesiredApplication } from '../../src/deploy/voxfiles';

const APP = 'voxmask.acc.voximplant.com';
const src = (name: string, text: string) => ({ name, file: `/v/${name}.voxengine.js`, text, hash: scriptHash(text) });
const platformScenario = (id: number, name: string, script: string) => ({
  scenarioId: id,
  scenarioName: name,
  script,
  hash: scriptHash(script),
});

function desired(over: Partial<DesiredApplication> = {}): DesiredApplication {
  return {
    fullName: APP,
    rules: [{ ruleName: 'inbound', scenarios: ['masked-call'], rulePattern: '.*' }],
    scenarios: [src('masked-call', 'v1')],
    ...over,
  };
}

function snapshot(over: Partial<PlatformSnapshot> = {}): PlatformSnapshot {
  return {
    accountId: 1,
    accountName: 'acc',
    applicationName: APP,
    application: { applicationId: 10, applicationName: APP },
    similarApplications: [],
    rules: [{ ruleId: 20, ruleName: 'inbound', rulePattern: '.*', scenarios: [{ scenarioId: 30, scenarioName: 'masked-call' }] }],
    scenarios: new Map([['masked-call', platformScenario(30, 'masked-call', 'v1')]]),
    caseClashes: [],
    numbers: new Map(),
    ...over,
  };
}

function input(over: Partial<PlanInput> = {}): PlanInput {
  return {
    desired: desired(),
    snapshot: snapshot(),
    scenarioMetadata: () => ({ scenarioId: 30, scenarioName: 'masked-call', hash: scriptHash('v1') }),
    numbers: [],
    canRentNumbers: false,
    force: false,
    ...over,
  };
}

const kinds = (i: PlanInput) => planDeploy(i).actions.map((a) => a.kind);

describe('planDeploy', () => {
  it('plans nothing when the platform matches voxfiles/ and the metadata', () => {
    const plan = planDeploy(input());
    expect(plan.actions).toEqual([]);
    expect(plan.problems).toEqual([]);
    expect(plan.notes).toContain('scenario masked-call unchanged');
  });

  it('creates everything in an empty account, in dependency order', () => {
    const plan = planDeploy(
      input({
        snapshot: snapshot({ application: undefined, rules: [], scenarios: new Map() }),
        scenarioMetadata: () => undefined,
        numbers: [{ number: '+4930123456789', rule: 'inbound' }],
        canRentNumbers: true,
      }),
    );
    expect(plan.actions.map((a) => a.kind)).toEqual(['createApplication', 'addScenario', 'addRule', 'rentNumber', 'bindNumber']);
    expect(plan.actions.map(describeAction)).toEqual([
      `create application ${APP}`,
      `add scenario masked-call (2 characters, hash ${scriptHash('v1').slice(0, 12)})`,
      'add rule inbound /.*/ running masked-call',
      'rent number +4930123456789 in the sandbox',
      'bind number +4930123456789 to the application (rule inbound)',
    ]);
  });

  it('updates a scenario edited locally', () => {
    const plan = planDeploy(input({ desired: desired({ scenarios: [src('masked-call', 'v2')] }) }));
    expect(plan.actions).toEqual([
      expect.objectContaining({
        kind: 'updateScenario',
        scenarioId: 30,
        fromHash: scriptHash('v1'),
        hash: scriptHash('v2'),
        overwritesPlatformEdit: false,
      }),
    ]);
  });

  it('refuses to overwrite a scenario edited on the platform, unless forced', () => {
    const edited = snapshot({ scenarios: new Map([['masked-call', platformScenario(30, 'masked-call', 'edited in the control panel')]]) });
    const refused = planDeploy(input({ snapshot: edited, desired: desired({ scenarios: [src('masked-call', 'v2')] }) }));
    expect(refused.actions).toEqual([]);
    expect(refused.problems).toEqual([expect.objectContaining({ kind: 'drift', subject: 'masked-call', forceable: true })]);

    // Only the platform changed: making it match voxfiles/ would undo that edit too.
    expect(planDeploy(input({ snapshot: edited })).problems).toHaveLength(1);

    const forced = planDeploy(input({ snapshot: edited, force: true }));
    expect(forced.problems).toEqual([]);
    expect(forced.actions).toEqual([expect.objectContaining({ kind: 'updateScenario', overwritesPlatformEdit: true })]);
    expect(describeAction(forced.actions[0])).toContain('OVERWRITING an edit made on the platform');
  });

  it('adopts a platform scenario without metadata, or with metadata of another id, as the baseline', () => {
    const noMeta = planDeploy(input({ scenarioMetadata: () => undefined, desired: desired({ scenarios: [src('masked-call', 'v2')] }) }));
    expect(noMeta.problems).toEqual([]);
    expect(noMeta.actions.map((a) => a.kind)).toEqual(['updateScenario']);
    expect(noMeta.notes[0]).toMatch(/exists on the platform and is adopted/);

    const stale = planDeploy(
      input({ scenarioMetadata: () => ({ scenarioId: 99, scenarioName: 'masked-call', hash: scriptHash('other') }) }),
    );
    expect(stale.problems).toEqual([]);
    expect(stale.actions).toEqual([]);
    expect(stale.notes[0]).toMatch(/metadata named #99/);
  });

  it('re-adds a scenario that metadata knows but the platform lost', () => {
    expect(kinds(input({ snapshot: snapshot({ scenarios: new Map() }) }))).toEqual(['addScenario']);
  });

  it('changes a rule pattern, and binds, unbinds and reorders scenarios minimally', () => {
    const rules = [
      {
        ruleId: 20,
        ruleName: 'inbound',
        rulePattern: '^\\+49.*',
        scenarios: [
          { scenarioId: 31, scenarioName: 'b' },
          { scenarioId: 32, scenarioName: 'old' },
          { scenarioId: 30, scenarioName: 'a' },
        ],
      },
    ];
    const plan = planDeploy(
      input({
        desired: desired({
          rules: [{ ruleName: 'inbound', scenarios: ['a', 'b', 'c'], rulePattern: '.*' }],
          scenarios: [src('a', 'A'), src('b', 'B'), src('c', 'C')],
        }),
        snapshot: snapshot({
          rules,
          scenarios: new Map([
            ['a', platformScenario(30, 'a', 'A')],
            ['b', platformScenario(31, 'b', 'B')],
          ]),
        }),
        scenarioMetadata: () => undefined,
      }),
    );
    expect(plan.actions).toEqual([
      expect.objectContaining({ kind: 'addScenario', name: 'c' }),
      { kind: 'setRulePattern', ruleId: 20, ruleName: 'inbound', from: '^\\+49.*', to: '.*' },
      { kind: 'unbindScenarios', ruleId: 20, ruleName: 'inbound', scenarios: [{ scenarioId: 32, scenarioName: 'old' }] },
      { kind: 'bindScenarios', ruleId: 20, ruleName: 'inbound', scenarios: ['c'] },
      { kind: 'reorderScenarios', ruleId: 20, ruleName: 'inbound', scenarios: ['a', 'b', 'c'] },
    ]);
  });

  it('reorders rules only when the configured rules are out of order', () => {
    const twoRules = desired({
      rules: [
        { ruleName: 'first', scenarios: ['masked-call'], rulePattern: '.*' },
        { ruleName: 'second', scenarios: ['masked-call'], rulePattern: '.*' },
      ],
    });
    const rule = (ruleId: number, ruleName: string) => ({
      ruleId,
      ruleName,
      rulePattern: '.*',
      scenarios: [{ scenarioId: 30, scenarioName: 'masked-call' }],
    });
    expect(
      kinds(input({ desired: twoRules, snapshot: snapshot({ rules: [rule(1, 'first'), rule(9, 'other'), rule(2, 'second')] }) })),
    ).toEqual([]);
    expect(kinds(input({ desired: twoRules, snapshot: snapshot({ rules: [rule(2, 'second'), rule(1, 'first')] }) }))).toEqual([
      'reorderRules',
    ]);
    // A new rule is appended: no reorder when it is configured last, a reorder when it is configured first.
    expect(kinds(input({ desired: twoRules, snapshot: snapshot({ rules: [rule(1, 'first')] }) }))).toEqual(['addRule']);
    expect(kinds(input({ desired: twoRules, snapshot: snapshot({ rules: [rule(2, 'second')] }) }))).toEqual(['addRule', 'reorderRules']);
  });

  describe('numbers', () => {
    const number = { number: '+4930123456789' };
    const rented = (applicationId?: number, ruleName?: string) =>
      new Map([
        [
          '4930123456789',
          {
            phoneId: 7,
            digits: '4930123456789',
            applicationId,
            applicationName: applicationId ? `app${applicationId}` : undefined,
            ruleName,
          },
        ],
      ]);

    it('binds a rented free number, and leaves a bound one alone', () => {
      expect(kinds(input({ numbers: [number], snapshot: snapshot({ numbers: rented() }) }))).toEqual(['bindNumber']);
      expect(kinds(input({ numbers: [number], snapshot: snapshot({ numbers: rented(10) }) }))).toEqual([]);
      expect(kinds(input({ numbers: [{ ...number, rule: 'inbound' }], snapshot: snapshot({ numbers: rented(10) }) }))).toEqual([
        'bindNumber',
      ]);
      expect(kinds(input({ numbers: [{ ...number, rule: 'inbound' }], snapshot: snapshot({ numbers: rented(10, 'inbound') }) }))).toEqual(
        [],
      );
    });

    it('never rents on a real account', () => {
      const plan = planDeploy(input({ numbers: [number], canRentNumbers: false }));
      expect(plan.problems).toEqual([expect.objectContaining({ kind: 'number', forceable: false })]);
      expect(plan.problems[0].message).toContain('buy it in the control panel');
    });

    it('moves a number from another application only with force', () => {
      expect(planDeploy(input({ numbers: [number], snapshot: snapshot({ numbers: rented(11) }) })).problems).toEqual([
        expect.objectContaining({ kind: 'number', forceable: true }),
      ]);
      expect(planDeploy(input({ numbers: [number], force: true, snapshot: snapshot({ numbers: rented(11) }) })).actions).toEqual([
        { kind: 'bindNumber', number: '+4930123456789', fromApplication: 'app11' },
      ]);
    });

    it('refuses a number bound to a rule that is not configured', () => {
      expect(planDeploy(input({ numbers: [{ ...number, rule: 'nope' }] })).problems[0].message).toContain(
        'rules.config.json does not define',
      );
    });
  });

  it('reports scenario names that clash ignoring case, and a node-suffixed application', () => {
    expect(
      planDeploy(input({ snapshot: snapshot({ caseClashes: [{ wanted: 'masked-call', existing: 'Masked-Call' }] }) })).problems[0],
    ).toMatchObject({
      kind: 'scenario',
      forceable: false,
    });
    const plan = planDeploy(
      input({ snapshot: snapshot({ application: undefined, rules: [], similarApplications: ['voxmask.acc.n1.voximplant.com'] }) }),
    );
    expect(plan.problems[0].message).toContain('set deploy.applicationName to "voxmask.acc.n1.voximplant.com"');
    expect(plan.actions.map((a) => a.kind)).not.toContain('createApplication');
  });
});

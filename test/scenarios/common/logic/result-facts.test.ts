import { ResultFacts } from '../../../../scenarios/common/logic/result-facts';

describe('ResultFacts: one precedence for the outcome', () => {
  const outcomeAfter = (record: (facts: ResultFacts) => void) => {
    const facts = new ResultFacts();
    record(facts);
    return facts.snapshot().outcome;
  };

  it('nothing recorded: the caller hung up', () => {
    expect(outcomeAfter(() => undefined)).toBe('caller_hung_up');
  });
  it('a PIN failure, then the operator answers: operator', () => {
    expect(outcomeAfter((f) => (f.failed('invalid_pin'), f.reached('operator')))).toBe('operator');
  });
  it('a PIN failure, then the operator does not answer: operator_unavailable', () => {
    expect(outcomeAfter((f) => (f.failed('invalid_pin'), f.operatorUnavailable()))).toBe('operator_unavailable');
  });
  it('a PIN failure, then the caller hangs up while the operator rings: the PIN failure', () => {
    expect(outcomeAfter((f) => (f.failed('invalid_pin'), f.endedBy('caller')))).toBe('invalid_pin');
  });
  it('the first failure stays when a second one is decided', () => {
    expect(outcomeAfter((f) => (f.failed('callee_busy'), f.failed('service_error')))).toBe('callee_busy');
  });
  it('an unexpected error fills only an empty outcome', () => {
    expect(outcomeAfter((f) => f.unexpectedError())).toBe('service_error');
    expect(outcomeAfter((f) => (f.reached('connected'), f.unexpectedError()))).toBe('connected');
    expect(outcomeAfter((f) => (f.failed('locked_out'), f.unexpectedError()))).toBe('locked_out');
  });
  it('a reached party is never lowered by a later failure', () => {
    expect(outcomeAfter((f) => (f.reached('connected'), f.failed('callee_failed'), f.operatorUnavailable()))).toBe('connected');
  });
});

describe('ResultFacts: the other facts', () => {
  it('endedBy: the first side wins, scenario by default', () => {
    const facts = new ResultFacts();
    expect(facts.snapshot().endedBy).toBe('scenario');
    facts.endedBy('callee');
    facts.endedBy('caller');
    expect(facts.snapshot().endedBy).toBe('callee');
  });
  it('pin: the latest attempt outcome, attempts counted', () => {
    const facts = new ResultFacts();
    expect(facts.snapshot().pin).toEqual({ outcome: 'not_entered', attempts: 0 });
    expect(facts.startPinAttempt()).toBe(1);
    facts.pinResult('not_found');
    expect(facts.startPinAttempt()).toBe(2);
    facts.pinResult('matched');
    expect(facts.snapshot().pin).toEqual({ outcome: 'matched', attempts: 2 });
  });
  it('operatorReason: the first transfer counts', () => {
    const facts = new ResultFacts();
    facts.toOperator('pin_failed');
    facts.toOperator('callee_unreachable');
    expect(facts.snapshot().operatorReason).toBe('pin_failed');
  });
});

describe('ResultFacts: warnings', () => {
  it('each code once in the result, every occurrence reported', () => {
    const seen: string[] = [];
    const facts = new ResultFacts((code) => seen.push(code));
    facts.warn('ringback_failed');
    facts.warn('order_read_failed');
    facts.warn('ringback_failed');
    expect(facts.snapshot().warnings).toEqual(['ringback_failed', 'order_read_failed']);
    expect(seen).toEqual(['ringback_failed', 'order_read_failed', 'ringback_failed']);
  });
});

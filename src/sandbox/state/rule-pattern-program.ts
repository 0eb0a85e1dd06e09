/**
 * The second half of rule-pattern matching (rule-pattern.ts): compiling the syntax tree of
 * rule-pattern-parser.ts into an NFA program, and running it by advancing every thread at once
 * (Thompson/Pike), so matching costs at most input length × program size steps whatever the pattern.
 */
import { Assertion, CharTest, isWord, Node } from './rule-pattern-parser';
import { RulePatternError } from './rule-pattern-error';

/** Largest compiled program, instructions (counted repetitions are expanded: `\d{1,20}` is about 60). */
export const MAX_PROGRAM_SIZE = 10_000;

/** One instruction of a compiled pattern. */
export type Inst =
  | { op: 'char'; test: CharTest }
  | { op: 'split'; a: number; b: number }
  | { op: 'jmp'; to: number }
  | { op: 'assert'; kind: Assertion }
  | { op: 'match' };

/**
 * The program of `node`, ending in `match`.
 * @throws RulePatternError once it (or the work of emitting it) would pass MAX_PROGRAM_SIZE
 */
export function compileProgram(node: Node): Inst[] {
  const program: Inst[] = [];
  emit(node, program);
  program.push({ op: 'match' });
  return program;
}

/** Emits the program of `node`; throws RulePatternError once it (or the work of emitting it) would pass MAX_PROGRAM_SIZE. */
function emit(node: Node, program: Inst[], budget = { steps: 0 }): void {
  budget.steps += 1;
  if (program.length > MAX_PROGRAM_SIZE || budget.steps > 10 * MAX_PROGRAM_SIZE) {
    throw new RulePatternError(
      `the pattern is too complex: its matcher would need more than ${MAX_PROGRAM_SIZE} steps per character (large {n,m} counts, nested)`,
    );
  }
  switch (node.t) {
    case 'char':
      program.push({ op: 'char', test: node.test });
      return;
    case 'assert':
      program.push({ op: 'assert', kind: node.kind });
      return;
    case 'seq':
      for (const item of node.items) emit(item, program, budget);
      return;
    case 'alt': {
      const jumps: { op: 'jmp'; to: number }[] = [];
      node.branches.forEach((branch, i) => {
        if (i < node.branches.length - 1) {
          const split: Inst = { op: 'split', a: program.length + 1, b: 0 };
          program.push(split);
          emit(branch, program, budget);
          const jump = { op: 'jmp' as const, to: 0 };
          program.push(jump);
          jumps.push(jump);
          split.b = program.length;
        } else emit(branch, program, budget);
      });
      for (const jump of jumps) jump.to = program.length;
      return;
    }
    case 'rep': {
      for (let i = 0; i < node.min; i++) emit(node.node, program, budget);
      if (node.max === Infinity) {
        const split: Inst = { op: 'split', a: program.length + 1, b: 0 };
        const loop = program.length;
        program.push(split);
        emit(node.node, program, budget);
        program.push({ op: 'jmp', to: loop });
        split.b = program.length;
        return;
      }
      const splits: { op: 'split'; a: number; b: number }[] = [];
      for (let i = node.min; i < node.max; i++) {
        const split = { op: 'split' as const, a: program.length + 1, b: 0 };
        program.push(split);
        splits.push(split);
        emit(node.node, program, budget);
      }
      for (const split of splits) split.b = program.length;
      return;
    }
  }
}

/** Whether `program` matches the whole of `input`: every thread advanced in lockstep, each state once per position. */
export function runProgram(program: Inst[], input: string): boolean {
  const seen = new Int32Array(program.length).fill(-1);
  let current: number[] = [];
  const stack: number[] = [];
  /** Adds the threads reachable from `start` at position `pos` without consuming a character. */
  const follow = (start: number, pos: number, into: number[]): void => {
    stack.push(start);
    while (stack.length > 0) {
      const pc = stack.pop() as number;
      if (seen[pc] === pos) continue;
      seen[pc] = pos;
      const inst = program[pc];
      if (inst.op === 'jmp') stack.push(inst.to);
      else if (inst.op === 'split') stack.push(inst.b, inst.a);
      else if (inst.op === 'assert') {
        if (holds(inst.kind, input, pos)) stack.push(pc + 1);
      } else into.push(pc);
    }
  };
  follow(0, 0, current);
  for (let pos = 0; pos < input.length; pos++) {
    const code = input.charCodeAt(pos);
    const next: number[] = [];
    for (const pc of current) {
      const inst = program[pc];
      if (inst.op === 'char' && inst.test(code)) follow(pc + 1, pos + 1, next);
    }
    if (next.length === 0) return false;
    current = next;
  }
  return current.some((pc) => program[pc].op === 'match');
}

function holds(kind: Assertion, input: string, pos: number): boolean {
  if (kind === 'start') return pos === 0;
  if (kind === 'end') return pos === input.length;
  const before = pos > 0 && isWord(input.charCodeAt(pos - 1));
  const after = pos < input.length && isWord(input.charCodeAt(pos));
  return (before !== after) === (kind === 'word');
}

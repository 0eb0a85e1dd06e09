import { Argument, Command, InvalidArgumentError } from 'commander';
import { PARTY_ROLES, PartyRole } from '../../../contract/order-record';
import { openConfiguredSessionStore } from '../../backend/sessions';
import { openResultLines, sessionLines } from '../../backend/sessions/report';
import type { OpenSessionInput } from '../../backend/sessions/session-store';
import { loadConfig } from '../../config';
import { runOnTarget } from '../../platform/target';
import { CommandIO, defineCommand } from '../command';
import { CliOptionError } from '../errors';
import { addShowNumbersOption, outputMasker } from '../options';

/** What `voxmask session` can do. */
export const SESSION_ACTIONS = ['open', 'close', 'extend', 'get', 'list'] as const;
type SessionAction = (typeof SESSION_ACTIONS)[number];

/** Options of `voxmask session`. */
export interface SessionCommandOptions {
  action: SessionAction;
  sessionId?: string;
  config?: string;
  credentials?: string;
  order?: string;
  party?: { role: PartyRole; phone: string }[];
  pair?: [PartyRole, PartyRole][];
  /** ISO 8601 with a zone, or a duration from now (parseEndTime). */
  expiresAt?: string;
  callTimeLimit?: number;
  ringTimeout?: number;
  record?: boolean;
  showNumbers?: boolean;
}

function parseRole(value: string, flag: string): PartyRole {
  if (!(PARTY_ROLES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`${flag}: "${value}" is not a role; use ${PARTY_ROLES.join(', ')}`);
  return value as PartyRole;
}

/** `--party courier=+4915…` (repeatable). */
function collectParty(value: string, previous: SessionCommandOptions['party'] = []): NonNullable<SessionCommandOptions['party']> {
  const match = /^([a-z]+)=(.+)$/.exec(value);
  if (!match) throw new InvalidArgumentError('--party must be role=phone, e.g. courier=+4917012345678');
  return [...previous, { role: parseRole(match[1], '--party'), phone: match[2] }];
}

/** `--pair courier,customer` (repeatable). */
function collectPair(value: string, previous: SessionCommandOptions['pair'] = []): NonNullable<SessionCommandOptions['pair']> {
  const roles = value.split(',');
  if (roles.length !== 2) throw new InvalidArgumentError('--pair must be two roles, e.g. courier,customer');
  return [...previous, [parseRole(roles[0], '--pair'), parseRole(roles[1], '--pair')]];
}

/** `--expires-at`: a zoned ISO 8601 time, or a duration from now (`90m`, `2h`, `1d`) as epoch ms. */
export function parseEndTime(value: string, nowMs = Date.now()): string | number {
  const duration = /^(\d{1,6})(m|h|d)$/.exec(value);
  if (duration) return nowMs + Number(duration[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[duration[2] as 'm' | 'h' | 'd'];
  return value;
}

function parseSeconds(flag: string): (value: string) => number {
  return (value) => {
    if (!/^\d{1,5}$/.test(value)) throw new InvalidArgumentError(`${flag} must be a whole number of seconds, got "${value}"`);
    return Number(value);
  };
}

/** Declares `voxmask session <action> [sessionId]` with its options. */
function define(program: Command): Command {
  const command = program
    .command('session')
    .description('pool sessions: open one for an order (a virtual number per pair), close, extend, get or list them')
    .addArgument(new Argument('<action>', 'what to do').choices(SESSION_ACTIONS))
    .argument('[sessionId]', 'the session (close, extend, get)')
    .option('--config <file>', 'configuration file (default voxmask.config.json)')
    .option('--credentials <file>', 'service-account key of a real account (switches the target to that account)')
    .option('--order <orderId>', 'open: the order; get: find the session by order instead of id')
    .option('--party <role=phone>', 'open: a party, e.g. courier=+4917012345678 (2 or 3 of them)', collectParty)
    .option('--pair <role,role>', 'open: a pair who may call each other (default: every pair)', collectPair)
    .option('--expires-at <time>', 'open, extend: end of the session, ISO 8601 with a zone or a duration from now (90m, 2h, 1d)', (v) =>
      parseEndTime(v),
    )
    .option('--call-time-limit <s>', 'open: longest bridged call, seconds', parseSeconds('--call-time-limit'))
    .option('--ring-timeout <s>', 'open: how long the callee rings, seconds', parseSeconds('--ring-timeout'))
    .option('--record', 'open: record the bridged calls');
  return addShowNumbersOption(command);
}

/**
 * `voxmask session open|close|extend|get|list`: the pool-session library (src/backend/sessions) on the
 * configured application. Party phones are masked in all output unless `--show-numbers`; virtual
 * numbers are printed in full (the parties dial them). Exit 0 done; 1 an error (bad input names its
 * flag or field; an exhausted pool names the party and the sizing rule); 3 `close`/`get` found no
 * active session.
 */
async function run(options: SessionCommandOptions, io: CommandIO): Promise<number> {
  const loaded = loadConfig(options.config);
  const keep = [...loaded.deploy.numbers, ...loaded.deploy.pool.numbers].map((n) => n.number);
  const mask = outputMasker(options.showNumbers, io.stderr);
  const print = (lines: string[]) => lines.forEach((line) => io.stdout.write(`${mask(line, keep)}\n`));
  const needId = (): string => {
    if (!options.sessionId) throw new CliOptionError('<sessionId>', `is needed by voxmask session ${options.action}`);
    return options.sessionId;
  };
  const expiresAt = options.expiresAt === undefined ? undefined : parseEndTime(options.expiresAt);
  let code = 0;
  await runOnTarget(loaded.deploy, { credentialsFlag: options.credentials }, async (target) => {
    const sessions = await openConfiguredSessionStore(target.api, loaded);
    switch (options.action) {
      case 'open': {
        const end = expiresAt;
        if (!options.order || end === undefined)
          throw new CliOptionError('--order, --party, --expires-at', 'are needed by voxmask session open (2 or 3 parties)');
        const settings = {
          ...(options.callTimeLimit === undefined ? {} : { callTimeLimitS: options.callTimeLimit }),
          ...(options.ringTimeout === undefined ? {} : { ringTimeoutS: options.ringTimeout }),
          ...(options.record ? { record: true } : {}),
        };
        const input: OpenSessionInput = {
          orderId: options.order,
          parties: options.party ?? [],
          expiresAt: end,
          ...(Object.keys(settings).length > 0 ? { settings } : {}),
          ...(options.pair ? { pairs: options.pair } : {}),
        };
        print(openResultLines(await sessions.openSession(input)));
        break;
      }
      case 'close': {
        const { closed } = await sessions.closeSession(needId());
        print([
          closed
            ? `session ${options.sessionId} closed: its numbers cool off for ${loaded.deploy.pool.coolOffS} s`
            : `session ${options.sessionId} is not active`,
        ]);
        code = closed ? 0 : 3;
        break;
      }
      case 'extend': {
        const end = expiresAt;
        if (end === undefined) throw new CliOptionError('--expires-at', 'is needed by voxmask session extend');
        print(sessionLines(await sessions.extendSession(needId(), end)));
        break;
      }
      case 'get': {
        const session = options.order ? await sessions.findSession(options.order) : await sessions.getSession(needId());
        print(session ? sessionLines(session) : [`no active session ${options.order ? `for order ${options.order}` : options.sessionId}`]);
        code = session ? 0 : 3;
        break;
      }
      case 'list': {
        const { sessions: active, unreadable } = await sessions.listSessions();
        print([`${active.length} active session(s)`, ...active.flatMap(sessionLines), ...unreadable.map((key) => `unreadable: ${key}`)]);
        break;
      }
    }
  });
  return code;
}

/** The `voxmask session` command (src/cli/command.ts). */
export const command = defineCommand<SessionCommandOptions>({ define, run });

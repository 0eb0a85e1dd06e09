import { Command, InvalidArgumentError } from 'commander';
import { PARTY_ROLES, PartyRole } from '../../../contract/order-record';
import { openConfiguredClickToCall } from '../../backend/calls';
import { loadConfig } from '../../config';
import { runOnTarget } from '../../platform/target';
import { addShowNumbersOption, outputMasker } from '../options';
import { CommandIO, defineCommand } from '../command';
import { CliOptionError } from '../errors';

/** Options of `voxmask place-call`. */
export interface PlaceCallCommandOptions {
  config?: string;
  credentials?: string;
  order?: string;
  from?: PartyRole;
  to?: PartyRole;
  requestId?: string;
  cancel?: string;
  showNumbers?: boolean;
}

function parseRole(value: string): PartyRole {
  if (!(PARTY_ROLES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`"${value}" is not a role; use ${PARTY_ROLES.join(', ')}`);
  return value as PartyRole;
}

/** Declares `voxmask place-call`. */
function define(program: Command): Command {
  const command = program
    .command('place-call')
    .description('click-to-call: call one party of an order, then the other, and bridge them (or --cancel a call placed earlier)')
    .option('--config <file>', 'configuration file (default voxmask.config.json)')
    .option('--credentials <file>', 'service-account key of a real account (switches the target to that account)')
    .option('--order <orderId>', 'the order (active, seeded with voxmask seed)')
    .option('--from <role>', 'the party called first', parseRole)
    .option('--to <role>', 'the party called once the first answers', parseRole)
    .option('--request-id <id>', 'your id of this request, reported in the result (default: a random one)')
    .option('--cancel <accessUrl>', 'cancel the call placed earlier whose access URL this is');
  return addShowNumbersOption(command);
}

/**
 * `voxmask place-call --order ID --from ROLE --to ROLE`: starts the click-to-call scenario through
 * StartScenarios (src/backend/calls) and prints the session id, the request id and the session's
 * access URL (a secret that controls the call: keep it to cancel). `--cancel URL [--request-id ID]`:
 * asks that session to hang up. No phone number is sent or printed. Exit 0 placed or cancelled; 3 the
 * session to cancel had already ended; 1 an error.
 */
async function run(options: PlaceCallCommandOptions, io: CommandIO): Promise<number> {
  const loaded = loadConfig(options.config);
  const mask = outputMasker(options.showNumbers, io.stderr);
  const print = (line: string) => io.stdout.write(`${mask(line)}\n`);
  if (!options.cancel && (!options.order || !options.from || !options.to))
    throw new CliOptionError('--order, --from, --to', 'are needed by voxmask place-call (or --cancel URL)');
  let code = 0;
  await runOnTarget(loaded.deploy, { credentialsFlag: options.credentials }, async (target) => {
    const calls = await openConfiguredClickToCall(target.api, loaded);
    if (options.cancel) {
      const outcome = await calls.cancelCall(options.cancel, options.requestId);
      print(outcome.cancelled ? 'cancel delivered to the session' : `nothing to cancel: ${outcome.reason}`);
      code = outcome.cancelled ? 0 : 3;
      return;
    }
    const placed = await calls.placeCall({
      orderId: options.order!,
      from: options.from!,
      to: options.to!,
      ...(options.requestId ? { requestId: options.requestId } : {}),
    });
    print(`placed: order ${placed.orderId}, ${placed.from} first, then ${placed.to}`);
    print(`session ${placed.sessionId}  request ${placed.requestId}`);
    // The access URL carries a long token of digits: printed as is, it is not a phone number.
    io.stdout.write(`access URL (cancel with --cancel): ${placed.accessUrl}\n`);
  });
  return code;
}

/** The `voxmask place-call` command (src/cli/command.ts). */
export const command = defineCommand<PlaceCallCommandOptions>({ define, run });

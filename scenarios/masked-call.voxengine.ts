/**
 * voxmask masked-call scenario (entry): the shared virtual number. Bundled by src/build/ into one
 * ES2020 script, voxfiles/scenarios/src/masked-call.voxengine.js, with the validated configuration baked in.
 *
 * A party dials the virtual number, enters the order PIN by DTMF (or, with pin.skipForKnownCaller, is
 * recognised by caller ID in the known-caller index), is matched by caller ID against the order's
 * parties in ApplicationStorage (`order:<pin>`, contract/order-record.ts) and is bridged to the other
 * party; both sides only ever see the virtual number. docs/scenario.md describes the call flow.
 */
import settings from 'voxmask:config';
import { MASKED_CALL_STEPS } from './masked-call/flow';
import { serveInboundCalls } from './common/inbound';

serveInboundCalls(settings, 'pin', MASKED_CALL_STEPS);

/**
 * voxmask pool-call scenario (entry): the numbers of the number pool. Bundled by src/build/ into
 * voxfiles/scenarios/src/pool-call.voxengine.js with the validated configuration baked in.
 *
 * A party of a pool session dials the virtual number the backend gave them (openSession) and is
 * connected to the other party of the pair with no PIN: the route `route:<dialed>:<caller>`
 * (contract/pool-route.ts) names the callee. Both sides only ever see the virtual number.
 */
import settings from 'voxmask:config';
import { POOL_CALL_STEPS } from './pool-call/flow';
import { serveInboundCalls } from './common/inbound';

serveInboundCalls(settings, 'pool', POOL_CALL_STEPS);

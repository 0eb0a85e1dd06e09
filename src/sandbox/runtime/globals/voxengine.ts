/** The VoxEngine namespace of one session (docs/platform.md#globals, docs/platform.md#terminate, docs/platform.md#custom-data, docs/platform.md#callpstn, docs/platform.md#other-call-methods). */
import { callSIP, callUser } from '../calls/call-sip-user';
import { callPSTN } from '../calls/outbound';
import {
  easyProcess,
  forwardCallToPSTN,
  forwardCallToSIP,
  forwardCallToUser,
  playSoundAndHangup,
  sendMediaBetween,
  stopMediaBetween,
} from '../calls/easy-process';
import { checkCustomData, eventName } from '../calls/methods';
import type { Session } from '../session/session';
import type { NamespaceDesc } from './bridge';
import { noteUnfiredEvent } from './fired-events';
import { VOXENGINE_NOT_EMULATED } from './not-emulated';

/** Builds the VoxEngine namespace bound to `session`. */
export function voxEngineNamespace(session: Session): NamespaceDesc {
  return {
    label: 'VoxEngine',
    sync: {
      addEventListener: (event: unknown, handler: unknown) => {
        const name = eventName('VoxEngine.addEventListener', event);
        noteUnfiredEvent(session, name);
        session.appListeners.add(name, handler);
      },
      removeEventListener: (event: unknown, handler: unknown) => {
        session.appListeners.remove(eventName('VoxEngine.removeEventListener', event), handler);
      },
      callPSTN: (number: unknown, callerid: unknown, parameters?: unknown) => callPSTN(session, number, callerid, parameters).facade,
      callSIP: (...args: unknown[]) => callSIP(session, args).facade,
      callUser: (...args: unknown[]) => callUser(session, args).facade,
      sendMediaBetween: (a: unknown, b: unknown) => sendMediaBetween(session, a, b),
      stopMediaBetween: (a: unknown, b: unknown) => stopMediaBetween(session, a, b),
      easyProcess: (c1: unknown, c2: unknown, onEstablished: unknown, direct: unknown) =>
        easyProcess(session, c1, c2, onEstablished, direct),
      forwardCallToPSTN: (transform: unknown, onEstablished: unknown, options: unknown) =>
        forwardCallToPSTN(session, transform, onEstablished, options),
      forwardCallToSIP: (onEstablished: unknown, video: unknown) => forwardCallToSIP(session, onEstablished, video),
      forwardCallToUser: (onEstablished: unknown, video: unknown) => forwardCallToUser(session, onEstablished, video),
      playSoundAndHangup: (url: unknown) => playSoundAndHangup(session, url),
      terminate: () => {
        session.trace('api', { name: 'VoxEngine.terminate' });
        session.terminate();
      },
      customData: (data?: unknown) => {
        if (data !== undefined) {
          session.customData = checkCustomData('VoxEngine.customData', data);
          session.trace('api', { name: 'VoxEngine.customData', args: session.customData });
        }
        return session.customData;
      },
      getSecretValue: (name: unknown) => {
        if (typeof name !== 'string') throw new TypeError('VoxEngine.getSecretValue: name must be a string');
        const value = Object.prototype.hasOwnProperty.call(session.app.secrets, name) ? session.app.secrets[name] : undefined;
        session.trace('api', { name: 'VoxEngine.getSecretValue', args: name, found: value !== undefined });
        return value;
      },
    },
    unemulated: VOXENGINE_NOT_EMULATED,
  };
}

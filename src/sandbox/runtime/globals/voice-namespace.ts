/**
 * VoiceList and Language as scenario code sees them (docs/platform.md#voices): namespaces whose
 * leaves are frozen `{ provider, name }` objects of the session's realm, created on first use and
 * carrying their voice id under VOICE_KEY. The proxies' traps are host code (shared by all sessions and
 * optimized once); the handler objects are never reachable from scenario code. A provider the emulator
 * does not know throws "<Path> is not emulated" when used; a misspelled voice is undefined.
 */
import { VOICE_KEY } from '../calls/playback';
import { notEmulatedNamespace } from './not-emulated';
import type { ContextRealm } from './realm';
import type { VoiceTree } from './voices';

/**
 * The namespace for `tree`: `path` is the voice-id prefix of the leaves below ('' for the VoiceList
 * root, 'Language' for Language), `label` the name used in errors ('VoiceList', 'VoiceList.Amazon').
 */
export function voiceNamespace(realm: ContextRealm, path: string, tree: VoiceTree, label: string): object {
  const cache = new Map<string, unknown>();
  const children = tree.children ?? {};
  const lookup = (prop: string | symbol): unknown => {
    if (typeof prop !== 'string') return undefined;
    if (cache.has(prop)) return cache.get(prop);
    let value: unknown;
    if (tree.voiceSet?.has(prop)) {
      const leaf = realm.object({ provider: path, name: prop });
      Object.defineProperty(leaf, VOICE_KEY, { value: `${path}.${prop}` });
      value = Object.freeze(leaf);
    } else if (Object.prototype.hasOwnProperty.call(children, prop)) {
      const child = children[prop];
      const childLabel = `${label}.${prop}`;
      value = child === null ? notEmulatedNamespace(realm, childLabel) : voiceNamespace(realm, path ? `${path}.${prop}` : prop, child, childLabel);
    } else return undefined;
    cache.set(prop, value);
    return value;
  };
  return new Proxy(realm.object({}), {
    get: (_target, prop) => lookup(prop),
    has: (_target, prop) => lookup(prop) !== undefined,
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
    ownKeys: () => [...(tree.voices ?? []), ...Object.keys(children)],
    getOwnPropertyDescriptor: (_target, prop) => {
      const value = lookup(prop);
      return value === undefined ? undefined : { value, writable: false, enumerable: true, configurable: true };
    },
  });
}

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

/** Property reads that are not voice lookups (logging, awaiting, inspecting a namespace): never warned about. */
const NOT_A_LOOKUP = new Set([
  'then',
  'toJSON',
  'constructor',
  'toString',
  'valueOf',
  'inspect',
  'prototype',
  '__proto__',
  'length',
  'name',
]);

/**
 * Hears a read of a name that is no voice or provider here: `name` is the full path
 * ('VoiceList.Google.de_DE_Standard_A'), `partial` says which voices the emulator has when it has only
 * some of the provider's (else the name is not in the typings at all).
 */
export type VoiceMiss = (name: string, partial: string | undefined) => void;

/**
 * The namespace for `tree`: `path` is the voice-id prefix of the leaves below ('' for the VoiceList
 * root, 'Language' for Language), `label` the name used in errors ('VoiceList', 'VoiceList.Amazon').
 * `onMiss` hears reads that find nothing (they still give undefined, as on the platform).
 */
export function voiceNamespace(realm: ContextRealm, path: string, tree: VoiceTree, label: string, onMiss?: VoiceMiss): object {
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
      value =
        child === null
          ? notEmulatedNamespace(realm, childLabel)
          : voiceNamespace(realm, path ? `${path}.${prop}` : prop, child, childLabel, onMiss);
    } else return undefined;
    cache.set(prop, value);
    return value;
  };
  return new Proxy(realm.object({}), {
    get: (_target, prop) => {
      const value = lookup(prop);
      if (value === undefined && typeof prop === 'string' && !NOT_A_LOOKUP.has(prop)) onMiss?.(`${label}.${prop}`, tree.partial);
      return value;
    },
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

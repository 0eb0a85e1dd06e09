/**
 * Resolves a configured voice name such as `Amazon.en_US_Joanna` to the VoiceList object at run time
 * (VoiceList is a tree of namespaces with opaque Voice leaves, docs/platform.md#voices). An unknown
 * name is logged and yields undefined, so the platform's default voice is used rather than failing.
 */
import { logEvent } from './log';

export function resolveVoice(path: string): Voice | undefined {
  let node: unknown = VoiceList;
  for (const part of path.split('.')) {
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (node === undefined || node === null) {
    logEvent('voice_unknown', { voice: path });
    return undefined;
  }
  return node as Voice;
}

import type { z } from 'zod';

/** A field path as dot-joined keys, e.g. `deploy.numbers.0.number`: how configuration and state files name fields. */
export function dottedPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/**
 * One `field: problem` line per issue of a failed zod parse, in the order zod reports them. `formatField`
 * writes an issue's path (default dottedPath; pass the runtime's formatPath for call-script style
 * `calls[0].actions[1].press`); an issue about the whole value is `(root)`. Shared by every reader of a
 * JSON file or object (configuration, voxfiles, demo script, sandbox state, Management API faults).
 */
export function issueLines(error: z.ZodError, formatField: (path: readonly PropertyKey[]) => string = dottedPath): string[] {
  return error.issues.map((issue) => `${formatField(issue.path as PropertyKey[]) || '(root)'}: ${issue.message}`);
}

/** `message`, then each of `issues` on its own `  - ` bulleted line; just `message` when there are none. */
export function withIssues(message: string, issues: readonly string[]): string {
  return issues.length ? `${message}\n${issues.map((i) => `  - ${i}`).join('\n')}` : message;
}

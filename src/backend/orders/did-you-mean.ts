/**
 * "did you mean" for misspelled field and column names (`lable` → `label`, `order_id` → `orderId`,
 * `expectedDelivery` → `expectedDeliveryAt`).
 */

/** Levenshtein distance between two strings (UTF-16 units; names here are ASCII). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Case, `_`, `-` and spaces ignored: `Order_ID`, `order-id` and `orderId` compare equal. */
function fold(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, '');
}

/**
 * The known name closest to `name`, or undefined when none is close: at most 2 edits, or a third of
 * the name's length for long names, after folding case and separators.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const folded = fold(name);
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(folded, fold(candidate));
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  const limit = Math.max(2, Math.floor(folded.length / 3));
  return best && best.distance <= limit ? best.name : undefined;
}

/** `unknown field 'lable' (did you mean 'label'?)`, or without the hint when nothing is close. `kind` is e.g. `field` or `column`. */
export function unknownNameMessage(name: string, known: readonly string[], kind = 'field'): string {
  const suggestion = closestName(name, known);
  return `unknown ${kind} '${name}'${suggestion ? ` (did you mean '${suggestion}'?)` : `; known: ${known.join(', ')}`}`;
}

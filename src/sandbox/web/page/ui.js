// The page's UI library: preact with hooks, and htm for markup in tagged templates (no build step).
import { h, render } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import htm from 'htm';

export const html = htm.bind(h);
export { render, useCallback, useEffect, useMemo, useRef, useState };

/** `mm:ss.mmm` of a millisecond offset (the ladder's and the terminal timeline's form). */
export function offset(ms) {
  const total = Math.max(0, Math.round(ms));
  const m = Math.floor(total / 60000);
  const s = Math.floor((total % 60000) / 1000);
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(total % 1000).padStart(3, '0')}`;
}

/** A short error line under a control. */
export function ErrorLine({ error }) {
  return error ? html`<p class="error" role="alert">${error}</p>` : null;
}

/**
 * An error line's state and a runner for the sandbox commands of one phone: `run(fn)` clears the error,
 * awaits `fn` and shows what it threw.
 */
export function useCommand() {
  const [error, setError] = useState('');
  async function run(fn) {
    setError('');
    try {
      await fn();
    } catch (err) {
      setError(err.message);
    }
  }
  return [error, run];
}

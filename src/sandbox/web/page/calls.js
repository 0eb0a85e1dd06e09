// The Calls panel: the newest sessions as they happen, and the ladder of the one picked (the same SVG
// `voxmask call SCRIPT --svg FILE` writes), redrawn while its session runs.
import { get } from './api.js';
import { ErrorLine, html, useEffect, useState } from './ui.js';

function Ladder({ session }) {
  // The drawing is kept with the session it belongs to: picking another session shows nothing until that
  // session's ladder arrives, never the previous one's under the new selection.
  const [drawn, setDrawn] = useState({ sessionId: null, svg: '' });
  const [error, setError] = useState('');
  const version = session ? `${session.sessionId}:${session.ended}:${session.durationS}:${session.outcome}` : '';
  useEffect(() => {
    if (!session) return undefined;
    let stale = false;
    const sessionId = session.sessionId;
    get(`sessions/${sessionId}/ladder.svg`).then(
      (svg) => !stale && (setDrawn({ sessionId, svg }), setError('')),
      (err) => !stale && setError(err.message),
    );
    return () => (stale = true);
  }, [version, session && !session.ended ? Math.floor(Date.now() / 500) : 0]);
  if (!session) return html`<p class="hint">Pick a session to see its ladder.</p>`;
  const current = drawn.sessionId === session.sessionId;
  // The SVG comes from the sandbox's own renderer (escaped text, no script); it is shown inline so that
  // its text can be read and searched like the rest of the page.
  return html`<div class="ladder-box">
    <${ErrorLine} error=${error} />
    <div id="ladder" data-session=${current ? session.sessionId : ''} dangerouslySetInnerHTML=${{ __html: current ? drawn.svg : '' }}></div>
  </div>`;
}

export function CallsPanel({ snapshot, selected, onSelect }) {
  const sessions = snapshot ? snapshot.sessions : [];
  const session = sessions.find((s) => s.sessionId === selected);
  return html`<div class="calls">
    <table class="sessions">
      <caption>
        Sessions, newest first (virtual time)
      </caption>
      <thead>
        <tr>
          <th>session</th>
          <th>started</th>
          <th>caller</th>
          <th>dialed</th>
          <th>state</th>
          <th>outcome</th>
          <th>result</th>
        </tr>
      </thead>
      <tbody>
        ${sessions.map(
          (s) =>
            html`<tr class=${s.sessionId === selected ? 'selected' : ''}>
              <td>
                <button class="session" data-session=${s.sessionId} onClick=${() => onSelect(s.sessionId)}>
                  ${s.sessionId}${s.live ? ' ☎' : ''}
                </button>
              </td>
              <td>${s.startedAt.slice(11, 19)}</td>
              <td>${s.caller || ''}</td>
              <td>${s.to || ''}</td>
              <td>${s.ended ? `${s.finishReason}, ${s.durationS} s` : 'running'}</td>
              <td class="outcome">${s.outcome || ''}</td>
              <td>${s.delivery || ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <${Ladder} session=${session} />
  </div>`;
}

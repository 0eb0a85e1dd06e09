// The Orders and results panel: the seeded orders (numbers masked) with their TTLs, the PIN-guessing
// lockouts, the results the local receiver verified and the dead letters left in ApplicationStorage.
import { get } from './api.js';
import { ErrorLine, html, useEffect, useState } from './ui.js';

function ttl(seconds) {
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${seconds} s`;
}

function Results({ rows, caption }) {
  if (!rows.length) return html`<p class="hint">${caption}: none.</p>`;
  return html`<table class="results">
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        <th>session</th>
        <th>outcome</th>
        <th>PIN</th>
        <th>caller</th>
        <th>callee</th>
        <th>ended by</th>
        <th>s</th>
        <th>signed</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr title=${JSON.stringify(r.result)}>
            <td>${r.sessionId ?? ''}</td>
            <td class="outcome">${r.outcome}</td>
            <td>${r.pin}</td>
            <td>${r.callerRole || ''}</td>
            <td>${r.calleeRole || ''}</td>
            <td>${r.endedBy}</td>
            <td>${r.durationS ?? ''}</td>
            <td>${r.signed ? (r.source === 'receiver' ? 'verified' : 'yes') : 'no'}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function Application({ app }) {
  return html`<section class="application">
    <h3>Application ${app.name}</h3>
    <table class="orders">
      <caption>
        Seeded orders (${app.orders.length})
      </caption>
      <thead>
        <tr>
          <th>PIN</th>
          <th>order</th>
          <th>parties</th>
          <th>expires in</th>
        </tr>
      </thead>
      <tbody>
        ${app.orders.map(
          (o) =>
            html`<tr>
              <td>${o.pin}</td>
              <td>${o.problem ? html`<em>unreadable: ${o.problem}</em>` : o.orderId}</td>
              <td>${o.parties.map((p) => html`<div>${p.role}${p.label ? ` (${p.label})` : ''} ${p.phone}</div>`)}</td>
              <td>${ttl(o.expiresInS)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      app.lockouts.length
        ? html`<table class="lockouts">
            <caption>
              Lockouts (caller IDs and numbers appear only as HMACs)
            </caption>
            <thead>
              <tr>
                <th>what</th>
                <th>HMAC</th>
                <th>keys</th>
                <th>expires in</th>
              </tr>
            </thead>
            <tbody>
              ${app.lockouts.map(
                (l) =>
                  html`<tr>
                    <td>${l.kind}</td>
                    <td><code>${l.hash}…</code></td>
                    <td>${l.count}</td>
                    <td>${ttl(l.expiresInS)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="hint">Lockouts: none.</p>`
    }
    <${Results} rows=${app.deadLetters} caption="Dead letters (results the webhook did not take)" />
  </section>`;
}

export function OrdersPanel({ refreshKey }) {
  const [panel, setPanel] = useState(null);
  const [error, setError] = useState('');
  const load = () =>
    get('orders').then(
      (p) => (setPanel(p), setError('')),
      (err) => setError(err.message),
    );
  useEffect(() => void load(), [refreshKey]);
  return html`<div class="orders-panel">
    <button id="orders-refresh" onClick=${load}>Refresh</button>
    <${ErrorLine} error=${error} />
    ${
      panel &&
      html`<p class="hint">Virtual time ${panel.now.slice(0, 19).replace('T', ' ')} UTC</p>
        ${
          panel.results === null
            ? html`<p class="hint" id="no-receiver">
                No results receiver runs with this sandbox (voxmask sandbox alone): results go to the configured webhook or are
                dead-lettered below.
              </p>`
            : html`<${Results} rows=${panel.results} caption="Results received and verified by the local receiver" />`
        }
        ${panel.applications.map((app) => html`<${Application} app=${app} />`)}`
    }
  </div>`;
}

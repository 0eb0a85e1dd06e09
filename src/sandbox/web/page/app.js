// The browser phone of the voxmask sandbox (src/sandbox/web): three panels fed by the sandbox's
// snapshots (Server-Sent Events). Every number the sandbox sends is already masked.
import { follow, get } from './api.js';
import { CallsPanel } from './calls.js';
import { OrdersPanel } from './orders.js';
import { PhonesPanel } from './phones.js';
import { ErrorLine, html, render, useEffect, useState } from './ui.js';

const TABS = [
  ['phones', 'Phones'],
  ['calls', 'Calls'],
  ['orders', 'Orders and results'],
];

function App() {
  const [tab, setTab] = useState('phones');
  const [setup, setSetup] = useState(null);
  const [snapshot, setSnapshot] = useState(null);
  const [link, setLink] = useState('connecting');
  const [current, setCurrent] = useState(null);
  const [selected, setSelected] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => follow(setSnapshot, setLink), []);
  useEffect(() => {
    get('setup').then(setSetup, (err) => setError(err.message));
  }, [snapshot ? snapshot.sessions.filter((s) => s.ended).length : 0]);
  const ended = snapshot ? snapshot.sessions.filter((s) => s.ended).length : 0;
  return html`<header>
      <h1>voxmask sandbox <span>browser phone</span></h1>
      <p class="clock">
        virtual time <span id="virtual-time">${snapshot ? snapshot.now.slice(11, 19) : '…'}</span> UTC${' · '}<span class=${`link ${link}`}
          >${link}</span
        >
      </p>
      <nav role="tablist">
        ${TABS.map(([id, label]) => html`<button role="tab" id=${`tab-${id}`} aria-selected=${tab === id} onClick=${() => setTab(id)}>${label}</button>`)}
      </nav>
    </header>
    <main>
      <${ErrorLine} error=${error} />
      <div hidden=${tab !== 'phones'}>
        <${PhonesPanel} setup=${setup} snapshot=${snapshot} current=${current} onPlaced=${(id) => (setCurrent(id), setSelected(id))} />
      </div>
      ${tab === 'calls' && html`<${CallsPanel} snapshot=${snapshot} selected=${selected} onSelect=${setSelected} />`}
      ${tab === 'orders' && html`<${OrdersPanel} refreshKey=${ended} />`}
    </main>`;
}

const root = document.getElementById('app');
root.textContent = ''; // the loading line goes; preact renders into an empty element
render(html`<${App} />`, root);

// The Phones panel: the caller's phone (pick a seeded party or type a number, pick a virtual number,
// call, keypad, hang up, what the caller hears) and the callee's phone (rings with the caller ID it is
// shown; answer, reject, busy, no answer; hang up). Keyboard: Enter calls, 0-9 * # press keys, Escape
// hangs up; on the callee's phone a answers, r rejects, b is busy, n lets it ring, h hangs up.
import { post } from './api.js';
import { ErrorLine, html, offset, useCommand, useEffect, useRef, useState } from './ui.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
const CALLEE_KEYS = { a: 'answer', r: 'reject', b: 'busy', n: 'noAnswer', h: 'hangUp' };
const DECISIONS = [
  ['answer', 'Answer'],
  ['reject', 'Reject'],
  ['busy', 'Busy'],
  ['noAnswer', 'No answer'],
];
const TYPED = '__typed__';

function inField(event) {
  const tag = (event.target && event.target.tagName) || '';
  return tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA';
}

function Hears({ lines, label }) {
  const end = useRef(null);
  useEffect(() => end.current && end.current.scrollIntoView({ block: 'nearest' }), [lines.length]);
  return html`<ol class="hears" aria-live="polite" aria-label=${label}>
    ${lines.map((l) => html`<li class=${`heard ${l.kind}`}><span class="t">${offset(l.offsetMs)}</span> ${l.text}</li>`)}
    <li ref=${end} class="end"></li>
  </ol>`;
}

/** The caller's phone. */
function CallerPhone({ setup, call, onPlaced, speak, setSpeak }) {
  const [party, setParty] = useState('');
  const [typed, setTyped] = useState('');
  const [to, setTo] = useState('');
  const [decideWithinS, setDecideWithinS] = useState(setup.decideWithinS);
  const [error, run] = useCommand();
  const chosenParty = party || (setup.parties[0] ? setup.parties[0].ref : TYPED);
  const chosenTo = to || setup.virtualNumbers[0] || '';
  const active = call && !call.ended && call.caller.state !== 'ended' && call.caller.state !== 'failed';

  const place = () =>
    run(async () => {
      const who = chosenParty === TYPED ? { from: typed } : { party: chosenParty };
      const { sessionId } = await post('calls', { ...who, to: chosenTo, decideWithinS: Number(decideWithinS) });
      setTyped(''); // the typed number leaves the page once the call is placed
      onPlaced(sessionId);
    });
  // Keys go one request after another: parallel requests may reach the sandbox out of order, and DTMF is a sequence.
  const keysSent = useRef(Promise.resolve());
  const press = (key) => {
    const sessionId = call.sessionId;
    keysSent.current = keysSent.current.then(() => run(() => post(`calls/${sessionId}/press`, { digits: key })));
  };
  const hangUp = () => run(() => post(`calls/${call.sessionId}/hangup`, {}));

  useEffect(() => {
    function onKey(event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'Escape' && active) {
        event.preventDefault();
        hangUp();
      } else if (event.key === 'Enter' && !active && (event.target.tagName || '') !== 'BUTTON') {
        event.preventDefault();
        place();
      } else if (KEYS.includes(event.key) && active && !inField(event)) {
        event.preventDefault();
        press(event.key);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return html`<section class="phone caller" aria-labelledby="caller-title">
    <h2 id="caller-title">Caller's phone</h2>
    <label
      >Caller
      <select id="caller-party" value=${chosenParty} onChange=${(e) => setParty(e.target.value)} disabled=${active}>
        ${setup.parties.map((p) => html`<option value=${p.ref}>${p.label}</option>`)}
        <option value=${TYPED}>Type a number…</option>
      </select>
    </label>
    ${
      chosenParty === TYPED &&
      html`<label
        >Number<input
          id="caller-number"
          type="tel"
          autocomplete="off"
          value=${typed}
          onInput=${(e) => setTyped(e.target.value)}
          disabled=${active}
      /></label>`
    }
    <label
      >Dials
      <select id="virtual-number" value=${chosenTo} onChange=${(e) => setTo(e.target.value)} disabled=${active}>
        ${setup.virtualNumbers.map((n) => html`<option value=${n}>${n}</option>`)}
      </select>
    </label>
    <label
      >Callee's phone decides by itself after
      <input
        id="decide-within"
        type="number"
        min="1"
        max="3600"
        value=${decideWithinS}
        onInput=${(e) => setDecideWithinS(e.target.value)}
        disabled=${active}
      />
      s
    </label>
    <div class="row">
      <button id="call" class="call" onClick=${place} disabled=${active}>Call <kbd>Enter</kbd></button>
      <button id="hangup" class="hangup" onClick=${hangUp} disabled=${!active}>Hang up <kbd>Esc</kbd></button>
    </div>
    <${ErrorLine} error=${error} />
    <div class="keypad" role="group" aria-label="keypad">
      ${KEYS.map((k) => html`<button class="key" data-key=${k} onClick=${() => press(k)} disabled=${!active || call.caller.state !== 'connected'}>${k}</button>`)}
    </div>
    <p class="status" id="caller-status">
      ${call ? `${call.caller.number} → ${call.to}: ${call.caller.state}${call.caller.talkingWith ? `, talking with ${call.caller.talkingWith}` : ''}` : 'No call yet.'}
    </p>
    <label class="inline"
      ><input id="speak" type="checkbox" checked=${speak} onChange=${(e) => setSpeak(e.target.checked)} /> Speak what the caller hears
      (browser speech)</label
    >
    ${call && html`<${Hears} lines=${call.caller.hears} label="what the caller hears" />`}
  </section>`;
}

/** The callee's (or operator's) phone: the newest outbound leg of the call. */
function CalleePhone({ call }) {
  const [error, run] = useCommand();
  const farEnd = call && call.farEnds.length ? call.farEnds[call.farEnds.length - 1] : undefined;
  const asks = farEnd && !farEnd.decided && (farEnd.state === 'ringing' || farEnd.state === 'dialing');
  const decide = (decision) => run(() => post(`calls/${call.sessionId}/far-ends/${farEnd.callId}`, { decision }));
  useEffect(() => {
    function onKey(event) {
      if (event.ctrlKey || event.metaKey || event.altKey || inField(event) || !farEnd) return;
      const decision = CALLEE_KEYS[event.key];
      if (!decision) return;
      if (decision === 'hangUp' ? farEnd.state === 'connected' : asks) {
        event.preventDefault();
        decide(decision);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  if (!farEnd)
    return html`<section class="phone callee idle" aria-labelledby="callee-title">
      <h2 id="callee-title">Callee's phone</h2>
      <p class="status" id="callee-status">idle</p>
    </section>`;
  return html`<section class=${`phone callee ${farEnd.state}`} aria-labelledby="callee-title">
    <h2 id="callee-title">${farEnd.lane === 'operator' ? "Operator's phone" : "Callee's phone"} ${farEnd.number}</h2>
    <p class="callerid">Incoming call from <strong id="callee-caller-id">${farEnd.callerId}</strong></p>
    <p class="status" id="callee-status">
      ${farEnd.state}${farEnd.detail ? ` (${farEnd.detail})` : ''}${farEnd.talkingWith ? `, talking with ${farEnd.talkingWith}` : ''}
    </p>
    <div class="row">
      ${DECISIONS.map(([d, label]) => html`<button id=${`callee-${d}`} onClick=${() => decide(d)} disabled=${!asks}>${label} <kbd>${Object.keys(CALLEE_KEYS).find((k) => CALLEE_KEYS[k] === d)}</kbd></button>`)}
      <button id="callee-hangUp" class="hangup" onClick=${() => decide('hangUp')} disabled=${farEnd.state !== 'connected'}>
        Hang up <kbd>h</kbd>
      </button>
    </div>
    <${ErrorLine} error=${error} />
    <${Hears} lines=${farEnd.hears} label="what the callee hears" />
  </section>`;
}

/** Says new TTS lines of the caller with the browser's speech synthesis, when asked to. */
function useSpeech(call, speak) {
  const said = useRef(new Set());
  useEffect(() => {
    if (!speak || !call || !('speechSynthesis' in window)) return;
    for (const line of call.caller.hears) {
      const key = `${call.sessionId}:${line.offsetMs}:${line.text}`;
      if (line.kind !== 'tts' || said.current.has(key)) continue;
      said.current.add(key);
      window.speechSynthesis.speak(new SpeechSynthesisUtterance(line.text));
    }
  });
}

export function PhonesPanel({ setup, snapshot, current, onPlaced }) {
  const [speak, setSpeak] = useState(false);
  const call = snapshot && snapshot.live.find((c) => c.sessionId === current);
  useSpeech(call, speak);
  if (!setup) return html`<p>Loading…</p>`;
  return html`<div class="phones">
    <${CallerPhone} setup=${setup} call=${call} onPlaced=${onPlaced} speak=${speak} setSpeak=${setSpeak} />
    <${CalleePhone} call=${call} />
  </div>`;
}

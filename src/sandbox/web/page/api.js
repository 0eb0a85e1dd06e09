// The browser phone's calls to the sandbox (src/sandbox/web/routes.ts): same origin, the session cookie
// goes along; commands are JSON POSTs (the server checks Origin and Content-Type).

/** A refused request: `field` names the bad input when the server says which. */
export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

async function answer(response) {
  const type = response.headers.get('content-type') || '';
  const body = type.startsWith('application/json') ? await response.json() : await response.text();
  if (!response.ok) {
    const error = (body && body.error) || {};
    throw new ApiError(response.status, error.message || `the sandbox answered ${response.status}`, error.field);
  }
  return body;
}

/** GET a JSON or text resource under /web/api. */
export async function get(path) {
  return answer(await fetch(`/web/api/${path}`, { credentials: 'same-origin' }));
}

/** POST a JSON command under /web/api. */
export async function post(path, body) {
  return answer(
    await fetch(`/web/api/${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body || {}),
    }),
  );
}

/** Follows the sandbox's snapshots (Server-Sent Events); returns a function that stops. */
export function follow(onSnapshot, onState) {
  const source = new EventSource('/web/api/events');
  source.onmessage = (event) => onSnapshot(JSON.parse(event.data));
  source.onopen = () => onState('live');
  source.onerror = () => onState('reconnecting');
  return () => source.close();
}

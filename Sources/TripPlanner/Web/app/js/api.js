// The Trip Planner API as this app uses it. The session token lives in sessionStorage, so it
// lasts as long as the tab; the password is used once, to create the session, and never kept.
// Requests go out with `credentials: 'omit'`: the token travels in the Authorization header
// only, and a 401 can never make the browser pop up its own password dialog.

const TOKEN = 'trip-planner.token';
const USERNAME = 'trip-planner.username';

export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

export function currentUsername() {
  return sessionStorage.getItem(TOKEN) ? sessionStorage.getItem(USERNAME) : null;
}

function forget() {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(USERNAME);
}

function basic(username, password) {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

async function send(method, path, { body, headers = {}, authorization } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers }, credentials: 'omit', cache: 'no-store' };
  if (authorization) init.headers.Authorization = authorization;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json; charset=utf-8';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = data?.error ?? {};
    const retryAfter = response.headers.get('Retry-After');
    let message = error.message ?? `The server answered ${response.status}.`;
    if (response.status === 429) {
      message = `Too many failed sign-ins for this username. Wait ${retryAfter ?? 'a few'} seconds, then try again.`;
    }
    const failure = new ApiError(response.status, error.code ?? 'unknown', message, retryAfter);
    failure.fields = error.fields ?? [];
    throw failure;
  }
  return { status: response.status, etag: response.headers.get('ETag'), data };
}

/** A request with the session's token. A 401 means the session ended (signed out elsewhere, or expired). */
export async function api(method, path, options = {}) {
  const token = sessionStorage.getItem(TOKEN);
  if (!token) throw new ApiError(401, 'unauthorized', 'Sign in to continue.');
  try {
    return await send(method, path, { ...options, authorization: `Bearer ${token}` });
  } catch (error) {
    if (error.status === 401) {
      forget();
      window.dispatchEvent(new CustomEvent('signed-out', {
        detail: 'Your session has ended, perhaps because you signed out on another device. Sign in again.',
      }));
    }
    throw error;
  }
}

export async function signUp(username, password) {
  await send('POST', '/users', { body: { username, password } });
}

/** Trades the credentials for a session token, the only thing kept. */
export async function signIn(username, password) {
  let data;
  try {
    ({ data } = await send('POST', '/sessions', { authorization: basic(username, password), body: { device: 'Web browser' } }));
  } catch (error) {
    if (error.status === 401) error.message = 'Wrong username or password.';
    throw error;
  }
  sessionStorage.setItem(TOKEN, data.token);
  const { data: user } = await api('GET', '/users');
  sessionStorage.setItem(USERNAME, user.username);
  return user;
}

/** Ends this tab's session on the server, then forgets it here whatever the server said. */
export async function signOut() {
  try {
    await api('DELETE', '/sessions/current');
  } finally {
    forget();
  }
}

/** A query string from the given parameters, leaving out the empty ones. */
export function query(parameters) {
  const pairs = Object.entries(parameters)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

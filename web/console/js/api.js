// Calls to the server. State-changing requests carry the CSRF token (double submit: the value of
// the ms_csrf cookie, which the server compares with the session's). A 401 sends the user to sign-in.
import { shown } from './dom.js';

/** A refused request; its message is for staff to read (it may quote a stored title or a site's text), so shown as dom.js shows text. */
export class ApiError extends Error {
  /** `fields`: the request fields a refused input names (the server's details.issues paths), so a form can mark the right one. */
  constructor(status, code, message, fields = []) {
    super(shown(message));
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

/** The top-level field names of a refusal's issues (`{ path: ['from'] }` → 'from'). */
function issueFields(data) {
  const issues = data?.error?.details?.issues;
  return Array.isArray(issues) ? [...new Set(issues.map((i) => i?.path?.[0]).filter((f) => typeof f === 'string'))] : [];
}

function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)ms_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

let onUnauthorized = () => {};
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

export async function api(path, { method = 'GET', body, query } = {}) {
  let url = path;
  if (query) {
    const params = new window.URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  const headers = { accept: 'application/json' };
  if (method !== 'GET') {
    headers['x-csrf-token'] = csrfToken();
    headers['content-type'] = 'application/json';
  }
  let res;
  try {
    res = await fetch(url, { method, headers, body: method !== 'GET' ? JSON.stringify(body ?? {}) : undefined, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络');
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = new ApiError(res.status, data?.error?.code ?? 'HTTP', data?.error?.message ?? `请求失败（HTTP ${res.status}）`, issueFields(data));
    if (res.status === 401 && path !== '/api/session/login') onUnauthorized(error);
    throw error;
  }
  return data;
}

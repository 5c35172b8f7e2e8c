// Drafts of the free-text forms of a case, kept in sessionStorage (this browser tab only) per user,
// case and form, so text typed and not yet sent survives navigating away and back or a reload.
// A successful submit clears its draft; signing out clears them all.
const prefix = 'minsheng.draft.';

const keyOf = (username, caseId, form) => `${prefix}${username}.${caseId}.${form}`;

function storage() {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: forms still work, without drafts
  }
}

/** The saved values of one form ({ field: text }), or {}. */
export function loadDraft(username, caseId, form) {
  try {
    const saved = JSON.parse(storage()?.getItem(keyOf(username, caseId, form)) ?? '{}');
    return saved && typeof saved === 'object' ? saved : {};
  } catch {
    return {};
  }
}

/** Saves a form's values; a form with nothing typed has no draft. */
export function saveDraft(username, caseId, form, values) {
  const s = storage();
  if (!s) return;
  const kept = Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === 'string' && v.trim() !== ''));
  try {
    if (Object.keys(kept).length) s.setItem(keyOf(username, caseId, form), JSON.stringify(kept));
    else s.removeItem(keyOf(username, caseId, form));
  } catch {
    // storage full: the text stays in the form
  }
}

export function clearDraft(username, caseId, form) {
  storage()?.removeItem(keyOf(username, caseId, form));
}

/** True when some form of the case holds text not yet sent. */
export function hasCaseDrafts(username, caseId) {
  const s = storage();
  if (!s) return false;
  const start = `${prefix}${username}.${caseId}.`;
  for (let i = 0; i < s.length; i++) if (s.key(i)?.startsWith(start)) return true;
  return false;
}

/** Forgets every draft in this tab (sign-out). */
export function clearAllDrafts() {
  const s = storage();
  if (!s) return;
  const keys = [];
  for (let i = 0; i < s.length; i++) if (s.key(i)?.startsWith(prefix)) keys.push(s.key(i));
  for (const k of keys) s.removeItem(k);
}

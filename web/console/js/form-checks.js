// Checks of a form before it is sent: each problem is shown in Chinese next to its field (not as
// the server's message in a toast), and the first problem field gets the focus.
import { h, setText } from './dom.js';

/** Removes the messages a previous check left in `root`. */
export function clearFieldErrors(root) {
  for (const el of root.querySelectorAll('.field-error')) el.remove();
  for (const el of root.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/** Shows `message` beside `control` (inside its .field label when it has one). */
export function setFieldError(control, message) {
  const holder = control.closest('.field') ?? control.parentElement;
  let note = [...holder.children].find((c) => c.classList.contains('field-error'));
  if (!note) {
    note = h('span', { class: 'field-error', role: 'alert' });
    holder.append(note);
  }
  setText(note, message);
  control.setAttribute('aria-invalid', 'true');
}

/**
 * Shows every [control, message] problem found in `root` (after clearing the old ones) and
 * focuses the first; true when there is none.
 */
export function reportProblems(root, problems) {
  clearFieldErrors(root);
  for (const [control, message] of problems) setFieldError(control, message);
  const first = problems[0]?.[0];
  if (first) (first.matches('input, select, textarea') ? first : first.querySelector('input, select, textarea') ?? first).focus();
  return problems.length === 0;
}

/** A message when `value` is not an integer from min to max, else null. */
export function integerProblem(value, label, min, max) {
  const n = Number(value);
  if (String(value).trim() === '' || !Number.isInteger(n) || n < min || n > max) return `${label}应为 ${min} 到 ${max} 之间的整数`;
  return null;
}

/** A message when `value` is not a real calendar date written YYYY-MM-DD, else null. */
/** A period whose start is after its end, as the server words it (core/beijing-time.ts reversedPeriodMessage). */
export function reversedPeriod(from, to) {
  return `开始日期 ${from} 晚于结束日期 ${to}`;
}

export function dateProblem(value, label) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() + 1 !== Number(m[2]) || d.getUTCDate() !== Number(m[3])) {
    return `${label}不是有效日期：“${value}”（应为 YYYY-MM-DD，例如 2026-03-01）`;
  }
  return null;
}

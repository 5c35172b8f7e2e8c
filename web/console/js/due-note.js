// Beside a due date: working days left, or how late, on the official calendar (as the board
// counts), from the API's `daysLeft` (workflow/cases/days-left.ts); once reported, how late the
// report came (`reportedLateDays`, 逾期报送), so a late case keeps its mark after it leaves the
// unit's hands, as the bulletin counts it 超期; the ledger and the case page.
import { badge, h } from './dom.js';

export function dueNote(c) {
  if (c.reportedLateDays) return badge(`逾期报送 ${c.reportedLateDays} 个工作日`, 'warn');
  if (c.daysLeft === null || c.daysLeft === undefined) return c.overdue ? badge('逾期', 'danger') : null;
  if (c.daysLeft < 0) return badge(`逾期 ${-c.daysLeft} 个工作日`, 'danger');
  return h('small', { class: 'muted' }, c.daysLeft === 0 ? '（今天到期）' : `（剩 ${c.daysLeft} 个工作日）`);
}

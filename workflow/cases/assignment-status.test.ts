import { describe, expect, it } from 'vitest';
import { assignmentStatusName } from './assignment-status.js';

describe('assignmentStatusName', () => {
  const lead = (status: string) => ({ role: 'lead', status });
  it('reads the lead unit’s 交办 through the procedure by the case’s state', () => {
    expect(assignmentStatusName(lead('active'), 'assigned')).toBe('办理中');
    for (const state of ['reported', 'reviewed', 'reply_approved']) expect(assignmentStatusName(lead('active'), state)).toBe('已报送');
    expect(assignmentStatusName(lead('active'), 'replied')).toBe('已答复');
    expect(assignmentStatusName(lead('active'), 'closed')).toBe('已办结');
    expect(assignmentStatusName(lead('done'), 'assigned')).toBe('已办结');
    expect(assignmentStatusName(lead('returned'), 'returned')).toBe('已退回');
  });
  it('reads an assisting unit’s by its own status', () => {
    expect(assignmentStatusName({ role: 'assist', status: 'active' }, 'reported')).toBe('待提交协办意见');
    expect(assignmentStatusName({ role: 'assist', status: 'done' }, 'assigned')).toBe('协办已结束');
    // Its 协办意见 given: said so, not read as a 协办 closed without it.
    expect(assignmentStatusName({ role: 'assist', status: 'done' }, 'assigned', true)).toBe('已提交协办意见');
    expect(assignmentStatusName({ role: 'assist', status: 'returned' }, 'assigned')).toBe('已退回');
  });
});

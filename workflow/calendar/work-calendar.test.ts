import { describe, expect, it } from 'vitest';
import { createWorkCalendar, dueDateFor, chinaDate, libraryKnowsYear, missingScheduleNotice, unscheduledYears } from './work-calendar.js';
import { parseCalendarFile } from './load-calendar-days.js';

const cal = createWorkCalendar();

describe('2026 National Day (chinese-days: holidays 10-01..10-07, make-up workdays Sun 09-20 and Sat 10-10)', () => {
  it('knows the holidays and the make-up workdays', () => {
    expect(['2026-10-01', '2026-10-04', '2026-10-07'].map(cal.isWorkday)).toEqual([false, false, false]);
    expect(cal.isWorkday('2026-10-08')).toBe(true);
    expect(cal.isWorkday('2026-09-20')).toBe(true); // Sunday, 调休
    expect(cal.isWorkday('2026-10-10')).toBe(true); // Saturday, 调休
    expect(cal.isWorkday('2026-10-11')).toBe(false);
  });
  it('counts from the working day after assignment', () => {
    expect(dueDateFor(cal, '2026-09-30', 2)).toBe('2026-10-09');
    expect(dueDateFor(cal, '2026-09-30', 3)).toBe('2026-10-10'); // the make-up Saturday
    expect(dueDateFor(cal, '2026-09-29', 3)).toBe('2026-10-09');
    expect(dueDateFor(cal, '2026-10-01', 2)).toBe('2026-10-09'); // assigned on a holiday
    expect(dueDateFor(cal, '2026-10-08', 2)).toBe('2026-10-10'); // ends on the make-up Saturday
    expect(dueDateFor(cal, '2026-09-18', 1)).toBe('2026-09-20'); // Friday -> the make-up Sunday
    expect(dueDateFor(cal, '2026-09-24', 2)).toBe('2026-09-29'); // across Mid-autumn 09-25..27
  });
});

describe('New Year 2027 (no library data: 1 January is still a holiday)', () => {
  it('treats 2027-01-01 as a holiday and weekends as rest days', () => {
    expect(libraryKnowsYear(2026)).toBe(true);
    expect(libraryKnowsYear(2027)).toBe(false);
    expect(cal.isWorkday('2027-01-01')).toBe(false);
    expect(cal.sourceOf('2027-01-01')).toBe('rule');
    expect(dueDateFor(cal, '2026-12-30', 2)).toBe('2027-01-04');
    expect(dueDateFor(cal, '2026-12-31', 1)).toBe('2027-01-04');
    expect(dueDateFor(cal, '2026-12-31', 3)).toBe('2027-01-06');
  });
  it('follows days an admin loaded for 2027', () => {
    const { days } = parseCalendarFile({ year: 2027, holidays: { '2027-01-01': '元旦', '2027-01-04': '元旦' }, workdays: ['2027-01-02'] });
    const loaded = createWorkCalendar(days);
    expect(loaded.isWorkday('2027-01-02')).toBe(true);
    expect(loaded.sourceOf('2027-01-02')).toBe('loaded');
    expect(dueDateFor(loaded, '2026-12-31', 1)).toBe('2027-01-02');
    expect(dueDateFor(loaded, '2026-12-31', 2)).toBe('2027-01-05');
  });
  it('tells which years of a period have no known schedule', () => {
    expect(cal.knowsYear(2026)).toBe(true);
    expect(cal.knowsYear(2027)).toBe(false);
    expect(unscheduledYears(cal, '2026-12-31', '2028-01-04')).toEqual([2027, 2028]);
    expect(unscheduledYears(cal, '2026-09-30', '2026-10-10')).toEqual([]);
    const loaded = createWorkCalendar(parseCalendarFile({ year: 2027, holidays: ['2027-02-06'] }).days);
    expect(loaded.knowsYear(2027)).toBe(true);
    expect(unscheduledYears(loaded, '2026-12-31', '2028-01-04')).toEqual([2028]);
  });
  it("tells the offices from November that next year's schedule is missing, and any time that this year's is", () => {
    // chinese-days 1.5.7 knows 2026, not 2027.
    expect(missingScheduleNotice(cal, '2026-10-31')).toBeNull();
    expect(missingScheduleNotice(cal, '2026-11-01')).toBe('2027 年的法定节假日安排尚未载入：时限落在 2027 年的案件将按常规周末计算（只有元旦放假），可能不准。国务院办公厅公布安排后，请系统管理员在「节假日」页载入。');
    expect(missingScheduleNotice(cal, '2026-12-31')).toContain('2027 年的法定节假日安排尚未载入');
    expect(missingScheduleNotice(cal, '2027-03-15')).toBe('2027 年的法定节假日安排尚未载入：办理时限按常规周末计算（只有元旦放假），可能不准。请系统管理员在「节假日」页载入国务院办公厅公布的安排。');
    const loaded = createWorkCalendar(parseCalendarFile({ year: 2027, holidays: ['2027-01-01', '2027-02-06'] }).days);
    expect(missingScheduleNotice(loaded, '2026-12-02')).toBeNull();
    expect(missingScheduleNotice(loaded, '2027-03-15')).toBeNull();
    expect(missingScheduleNotice(loaded, '2027-11-02')).toContain('2028 年的法定节假日安排尚未载入');
  });
  it('refuses a bad calendar file', () => {
    expect(() => parseCalendarFile({ year: 2027, holidays: ['2028-01-01'] })).toThrow(/不属于 2027/);
    expect(() => parseCalendarFile({ year: 2027, holidays: ['2027-01-01'], workdays: ['2027-01-01'] })).toThrow(/重复/);
    expect(() => parseCalendarFile({ year: 2027, holidays: ['2027-02-30'] })).toThrow(/不存在/);
    expect(() => parseCalendarFile({ holidays: [] })).toThrow(/日历文件格式错误/);
  });
});

describe('dates', () => {
  it('uses the China date of an instant', () => {
    expect(chinaDate(new Date('2026-09-30T16:30:00Z'))).toBe('2026-10-01');
    expect(chinaDate(new Date('2026-09-30T15:59:00Z'))).toBe('2026-09-30');
  });
  it('rejects bad input', () => {
    expect(() => cal.addWorkingDays('2026-13-01', 1)).toThrow(/不存在/);
    expect(() => cal.addWorkingDays('2026/10/01', 1)).toThrow(/YYYY-MM-DD/);
    expect(() => cal.addWorkingDays('2026-10-01', 0)).toThrow(/工作日数/);
  });
});

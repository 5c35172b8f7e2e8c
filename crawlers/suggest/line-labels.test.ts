import { describe, expect, it } from 'vitest';
import { labelValueRegex } from './field-words.js';
import { lineLabels, printsUnknownLabel, longerLabelOf } from './line-labels.js';

const read = (regex: string, text: string) => {
  const m = new RegExp(regex).exec(text);
  return m ? (m[1] ?? m[0]).trim() : undefined;
};

/** The line `答复单位：…联系电话：…经办人：…答复时间：…` of four letters, the third one open. */
const replyLines = [
  '答复单位：区住房和城乡建设局联系电话：0919-2181201经办人：刘洋答复时间：2023-05-23 16:20:00',
  '答复单位：区医疗保障局联系电话：0919-2181202经办人：马丽答复时间：2023-05-22 10:02:11',
  '答复单位：联系电话：经办人：答复时间：',
  '答复单位：区城市管理执法局联系电话：0919-2181204经办人：刘洋答复时间：2023-05-20 09:15:00',
];

describe('the labels of a line of labels as a site prints it', () => {
  it('are its known labels and the endings of its colon runs that recur: 联系电话, not 局联系电话', () => {
    expect(printsUnknownLabel(replyLines[0]!)).toBe(true);
    expect(printsUnknownLabel('来信人：王先生来信时间：2023-05-12 09:31:05')).toBe(false);
    const labels = lineLabels([...replyLines, undefined]);
    expect([...labels].sort()).toEqual(['答复单位', '答复时间', '经办人', '联系电话'].sort());
    expect(replyLines.map((line) => read(labelValueRegex('答复单位', labels), line))).toEqual(['区住房和城乡建设局', '区医疗保障局', '', '区城市管理执法局']);
    expect(read(labelValueRegex('经办人', labels), replyLines[0]!)).toBe('刘洋');
  });

  it('leave out a label one page quotes in its text, which then stays in the value', () => {
    const lines = ['答复内容：已修复。', '答复内容：已修复。前次答复时间：2023年5月10日，特此说明。', '答复内容：已安排清理。'];
    const labels = lineLabels(lines);
    expect(labels).toEqual(['答复内容']);
    expect(read(labelValueRegex('答复内容', labels), lines[1]!)).toBe('已修复。前次答复时间：2023年5月10日，特此说明。');
  });
});

/** A line `来信人：…受理时间：…来信时间：…` of four letters: 受理时间 is the site's own label, not 来信时间's 时间. */
const acceptedLines = [
  '来信人：王先生受理时间：2023-05-20 10:00:00来信时间：2023-05-20 09:31:05办理状态：已办结',
  '来信人：李女士受理时间：2023-05-19 15:00:00来信时间：2023-05-19 14:05:40办理状态：已办结',
  '来信人：赵先生受理时间：2023-05-18 09:00:00来信时间：2023-05-18 08:12:33办理状态：办理中',
  '来信人：孙女士受理时间：2023-05-18 08:00:00来信时间：2023-05-17 22:47:10办理状态：已办结',
];

describe('an unknown label ending with a known one', () => {
  it('is the longest ending the pages print alike: 受理时间 and 转办时间, not 时间', () => {
    const labels = lineLabels(acceptedLines);
    expect([...labels].sort()).toEqual(['办理状态', '受理时间', '来信人', '来信时间'].sort());
    expect(acceptedLines.map((line) => read(labelValueRegex('来信人', labels), line))).toEqual(['王先生', '李女士', '赵先生', '孙女士']);
    expect(read(labelValueRegex('来信时间', labels), acceptedLines[0]!)).toBe('2023-05-20 09:31:05');
    const forwarded = ['答复单位：区住建局转办时间：2023-05-21答复时间：2023-05-23', '答复单位：区医保局转办时间：2023-05-20答复时间：2023-05-22', '答复单位：转办时间：答复时间：'];
    const reply = lineLabels(forwarded);
    expect([...reply].sort()).toEqual(['答复单位', '答复时间', '转办时间'].sort());
    expect(forwarded.map((line) => read(labelValueRegex('答复单位', reply), line))).toEqual(['区住建局', '区医保局', '']);
  });

  it('is never taken for a field label: the known ending it holds is no label of the line', () => {
    const labels = lineLabels(acceptedLines);
    expect(labels).not.toContain('时间');
    expect(longerLabelOf(acceptedLines, '时间')).toBe('受理时间');
    expect(longerLabelOf(acceptedLines, '来信时间')).toBeUndefined();
  });

  it('leaves a known label whose values before it end alike (all units ending in 局) as it is', () => {
    const lines = ['答复单位：区住建局答复时间：2023-05-23', '答复单位：区医保局答复时间：2023-05-22', '答复单位：区城管局答复时间：2023-05-20'];
    expect([...lineLabels(lines)].sort()).toEqual(['答复单位', '答复时间'].sort());
  });
});

import { describe, expect, it } from 'vitest';
import { labelValueRegex } from './field-words.js';
import { lineLabels, printsUnknownLabel } from './line-labels.js';

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

import { describe, expect, it } from 'vitest';
import { loadUnitDirectory, mapUnitName, UnitSuggester } from './units.js';

const directory = loadUnitDirectory();

describe('unit directory', () => {
  it('maps other cities\' unit names and topics onto the directory', () => {
    expect(mapUnitName('住房保障局', directory)).toBe('区住建局');
    expect(mapUnitName('甘井子区人社局', directory)).toBe('区人社局');
    expect(mapUnitName('市公安局公安交通管理局', directory)).toBe('区公安分局');
    expect(mapUnitName('劳动和社会保障', directory)).toBe('区人社局');
    expect(mapUnitName('公交集团公司,北京地铁公司', directory)).toBe('区交通局');
    expect(mapUnitName('大连市公共行政服务中心', directory)).toBeNull();
    // 人民政府 holds 民政 but is a government, not the civil-affairs bureau.
    expect(mapUnitName('甘井子区人民政府', directory)).toBeNull();
    expect(mapUnitName('甘井子区民政局', directory)).toBe('区民政局');
    expect(mapUnitName('北京市政务服务局', directory)).toBeNull();
  });

  it('rejects a malformed directory file with a Chinese message', () => {
    expect(() => loadUnitDirectory('/nonexistent/units.json')).toThrow('无法读取单位目录 /nonexistent/units.json：文件不存在');
  });

  it('suggests by keywords, and a named town when no department is clear', () => {
    const s = new UnitSuggester({ directory });
    const a = s.suggest('小区供暖不热', '物业不管，暖气一直不热', []);
    expect(a.value).toBe('区住建局');
    expect(a.evidence).toContain('暖气');
    expect(s.suggest('陈炉村里的路', '村口那段路坑坑洼洼', []).value).toBe('陈炉镇');
    expect(s.suggest('你好', '谢谢', []).value).toBeNull();
    // Water that does not reach upper floors is the water bureau's, not the community's.
    expect(s.suggest('社区水压太低，楼上用不上水', '五楼六楼白天基本没有水', []).value).toBe('区水务局');
    expect(s.suggest('咨询慢性病门诊报销', '听说慢性病可以门诊报销，要带哪些材料', []).value).toBe('区医疗保障局');
  });

  it('finds every keyword the text contains, overlapping or shared by two units, in directory order', () => {
    const units = [
      { name: '甲', kind: 'department' as const, keywords: ['暖气', '气', '暖气片', '片区', '区', '不存在'] },
      { name: '乙', kind: 'department' as const, keywords: ['区', '小区', '暖'] },
      { name: '丙镇', kind: 'town' as const, keywords: ['丙镇', '镇'] },
    ];
    const s = new UnitSuggester({ directory: units });
    // Overlapping keywords (暖, 暖气, 暖气片, 气), one at the very end (区), one shared by two units (区).
    const a = s.suggest('暖气片', '片区的暖气不热，片区', []);
    expect(a.value).toBe('甲');
    expect(a.evidence).toEqual(['暖气', '气', '暖气片', '片区', '区']);
    const b = s.suggest('小区', '暖', []);
    expect(b.value).toBe('乙');
    expect(b.evidence).toEqual(['区', '小区', '暖']);
    expect(s.suggest('', '镇上', []).value).toBe('丙镇');
  });

  it('gives a letter to a named town only when no department is fairly clear', () => {
    const s = new UnitSuggester({ directory });
    // The medical-insurance words fill the letter; 户口 (公安) and the street's name do not outweigh them.
    const a = s.suggest('咨询慢性病门诊报销', '我母亲有高血压和糖尿病，户口在王石凹街道，听说慢性病可以门诊报销，要带哪些材料', []);
    expect(a.value).toBe('区医疗保障局');
    expect(a.evidence).toContain('王石凹');
    // A town named as part of a clinic's or a school's name is not the town addressed.
    expect(s.suggest('红土镇卫生院收费不合理', '红土镇卫生院看病收费太贵', []).value).toBe('区卫健局');
    expect(s.suggest('陈炉中心小学食堂饭菜有异味', '陈炉中心小学食堂的饭菜有异味，学生吃了拉肚子', []).value).toBe('区教育局');
    expect(s.suggest('红土初级中学食堂饭菜有异味', '红土镇初级中学食堂的饭菜有异味，学生吃了拉肚子', []).value).toBe('区教育局');
  });

  it('does not count a keyword of one unit that only occurs inside a longer keyword of another', () => {
    const units = [
      { name: '乙', kind: 'department' as const, keywords: ['电梯', '维保'] },
      { name: '甲', kind: 'department' as const, keywords: ['加装电梯'] },
    ];
    const s = new UnitSuggester({ directory: units });
    const a = s.suggest('老楼加装电梯', '一单元都同意加装电梯', []);
    expect(a.value).toBe('甲');
    expect(a.evidence).toEqual(['加装电梯']);
    // Standing on its own it counts.
    expect(s.suggest('加装电梯以后电梯没人维保', '', []).value).toBe('乙');
  });
});

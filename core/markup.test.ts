import { describe, expect, it } from 'vitest';
import { withoutMarkup } from './markup.js';

describe('withoutMarkup', () => {
  it('makes line-ending tags line breaks, drops other tags and comments, decodes references', () => {
    expect(withoutMarkup('<p>小区路灯不亮，&nbsp;请维修。<br/>谢谢！</p>')).toBe('\n小区路灯不亮， 请维修。\n谢谢！\n');
    expect(withoutMarkup('<span style="color:red">供暖</span>不热<!-- 注释 -->')).toBe('供暖不热');
    expect(withoutMarkup('&ldquo;一网通办&rdquo;&#12290;&#x4E2D;&amp;')).toBe('“一网通办”。中&');
  });

  it('keeps what opens no tag or reference, and text without markup unchanged', () => {
    for (const text of ['温度<10度，室内>18度才算达标', 'A&B公司拖欠工资', '&未知实体; &#0; &#xD800;', '请问<<民法典>>怎么规定的', '']) expect(withoutMarkup(text)).toBe(text);
  });
});

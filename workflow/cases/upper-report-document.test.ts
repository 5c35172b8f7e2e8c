import { describe, expect, it } from 'vitest';
import { renderUpperReportHtml, upperReportText, type SentUpperReport } from './upper-report-document.js';

const sent: SentUpperReport = {
  ledgerNo: 'YT-2026-000042',
  text: ['印台政务督查专报', '区政府督查室\u3000\u30002026年12月2日', '', '台账编号：YT-2026-000042', '留言标题：<script>alert(1)</script>夜市噪音', '办理情况：', '第一行\n第二行'].join('\n'),
  sentAt: new Date('2026-12-02T02:00:00Z'),
  sentBy: '督查室 赵丽（duchashi）',
};

describe('《印台政务督查专报》 as a document', () => {
  it('prints the name as the heading, the issuer under it, and escapes what citizens wrote', () => {
    const html = renderUpperReportHtml(sent);
    expect(html).toContain('<h1>印台政务督查专报</h1>');
    expect(html).toContain('<div class="issuer">区政府督查室\u3000\u30002026年12月2日</div>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<p>留言标题：&lt;script&gt;alert(1)&lt;/script&gt;夜市噪音</p>');
    expect(html).toContain('<p>第一行</p>\n<p>第二行</p>');
    expect(html).toContain('<footer>台账编号 YT-2026-000042，2026-12-02 由 督查室 赵丽（duchashi） 上报</footer>');
  });

  it('keeps the text as reported in a file Windows opens as UTF-8', () => {
    const text = upperReportText(sent);
    expect(text.startsWith('\ufeff印台政务督查专报\r\n区政府督查室')).toBe(true);
    expect(text.endsWith('第一行\r\n第二行\r\n')).toBe(true);
    expect(text).not.toMatch(/[^\r]\n/u);
  });
});

// 数据导出: classified batches as CSV / XLSX / JSON, filtered, optionally masked. The export runs
// on the server with progress; the file downloads when it is ready. Every export is logged.
import { api } from '../api.js';
import { clear, field, fmtTime, h, select, toast } from '../dom.js';

export async function renderExport(view, ctx) {
  const meta = ctx.meta;
  const any = { id: '', name: '全部' };
  const format = select('format', [{ id: 'csv', name: 'CSV（Excel 可直接打开）' }, { id: 'xlsx', name: 'XLSX 工作簿' }, { id: 'json', name: 'JSON' }], 'csv', { id: 'export-format' });
  const masked = h('input', { type: 'checkbox', name: 'masked', id: 'export-masked', checked: true });
  const bar = h('progress', { max: '1', value: '0', id: 'export-progress' });
  const status = h('span', { id: 'export-status', class: 'muted' });
  const link = h('p', { id: 'export-link' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'export-start' }, '开始导出');
  const form = h(
    'form',
    { class: 'filters card', id: 'export-form', onsubmit: (e) => (e.preventDefault(), start()) },
    field('格式', format),
    field('留言日期自', h('input', { type: 'date', name: 'from' })),
    field('至', h('input', { type: 'date', name: 'to' })),
    field('渠道', select('channel', [any, ...meta.channels], '')),
    field('类别', select('category', [any, ...meta.categories.map((c) => ({ id: c, name: c }))], '')),
    field('办理状态', select('state', [any, ...meta.states], '')),
    field('审核状态', select('review', [any, ...meta.reviewStatuses], '')),
    h('label', { class: 'check' }, masked, '隐藏个人信息（手机号、身份证号、留言人姓名）'),
    h('div', { class: 'filter-buttons' }, button),
  );
  const logBody = h('tbody');
  view.append(
    h('div', { class: 'page-head' }, h('h2', null, '数据导出'), ctx.user.role === 'unit' ? h('span', { class: 'muted' }, '仅导出本单位承办的留言') : null),
    form,
    h('section', { class: 'card' }, h('div', { class: 'progress-row' }, bar, status), link),
    h('section', { class: 'card' }, h('h4', null, '导出记录'), h('table', { class: 'grid', id: 'export-log' }, h('thead', null, h('tr', null, ['时间', '操作人', '方式', '格式', '条件', '脱敏', '行数', '结果'].map((t) => h('th', null, t)))), logBody)),
  );

  async function loadLog() {
    const { exports } = await api('/api/exports');
    clear(logBody);
    for (const x of exports) {
      const filters = Object.entries(x.filters ?? {}).map(([k, v]) => `${k}=${v}`).join(' ');
      logBody.append(h('tr', null, h('td', null, fmtTime(x.startedAt)), h('td', null, x.actor), h('td', null, x.via === 'cli' ? '命令行' : '控制台'), h('td', null, x.format.toUpperCase()), h('td', null, filters || '全部'), h('td', null, x.masked ? '是' : '否'), h('td', { class: 'num' }, String(x.rows)), h('td', null, x.status === 'done' ? '完成' : x.status === 'failed' ? `失败：${x.error ?? ''}` : '进行中')));
    }
  }

  let timer = null;
  async function start() {
    const data = new FormData(form);
    const filter = {};
    for (const k of ['from', 'to', 'channel', 'category', 'state', 'review']) if (data.get(k)) filter[k] = String(data.get(k));
    button.disabled = true;
    clear(link);
    try {
      const job = await api('/api/exports', { method: 'POST', body: { format: data.get('format'), masked: masked.checked, filter } });
      status.textContent = `共 ${job.total} 条，正在导出…`;
      bar.max = Math.max(job.total, 1);
      bar.value = 0;
      const poll = async () => {
        const p = await api(`/api/exports/${job.id}`);
        bar.max = Math.max(p.total, 1);
        bar.value = p.rows;
        status.textContent = `已导出 ${p.rows} / ${p.total} 条`;
        if (p.status === 'running') {
          timer = setTimeout(poll, 300);
          return;
        }
        button.disabled = false;
        if (p.status !== 'done') {
          // failed, or expired (the file was kept past its time)
          status.textContent = `导出失败：${p.error}`;
          toast(`导出失败：${p.error}`, 'error');
        } else {
          bar.value = bar.max;
          const a = h('a', { href: `/api/exports/${job.id}/file`, download: p.fileName, id: 'export-download' }, `下载 ${p.fileName}（${p.rows} 条）`);
          link.append(a);
          a.click();
          toast(`导出完成：${p.rows} 条`);
        }
        await loadLog();
      };
      await poll();
    } catch (error) {
      button.disabled = false;
      status.textContent = error.message;
      toast(error.message, 'error');
    }
  }

  await loadLog();
  return () => timer && clearTimeout(timer);
}

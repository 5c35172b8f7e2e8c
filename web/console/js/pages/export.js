// 数据导出: classified batches as CSV / XLSX / JSON, one row per case (default) or per message,
// the period read on the posting or the registration time (shown with each job), filtered, optionally masked. The export runs
// on the server with progress; the file downloads when it is ready. Every export is logged. The
// user's own export files (kept by the server for a while, across restarts) are listed with their
// state, and a page opened while one of them is still running follows its progress again.
// 督查室 and admin also find a volume's printable 卷内目录 here (as in the ledger filtered by 归档卷);
// each catalogue produced is in 导出记录 too.
import { api } from '../api.js';
import { clear, field, fmtTime, h, select, toast, setText } from '../dom.js';
import { reportProblems, reversedPeriod, setFieldError } from '../form-checks.js';

export async function renderExport(view, ctx) {
  const meta = ctx.meta;
  const any = { id: '', name: '全部' };
  const format = select('format', [{ id: 'csv', name: 'CSV（Excel 可直接打开）' }, { id: 'xlsx', name: 'XLSX 工作簿' }, { id: 'json', name: 'JSON' }], 'csv', { id: 'export-format' });
  const masked = h('input', { type: 'checkbox', name: 'masked', id: 'export-masked', checked: true });
  const bar = h('progress', { max: '1', value: '0', id: 'export-progress' });
  const status = h('span', { id: 'export-status', class: 'muted' });
  const link = h('p', { id: 'export-link' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'export-start' }, '开始导出');
  const fromInput = h('input', { type: 'date', name: 'from' });
  const toInput = h('input', { type: 'date', name: 'to' });
  const form = h(
    'form',
    { class: 'filters card', id: 'export-form', onsubmit: (e) => (e.preventDefault(), start()) },
    field('格式', format),
    // 每件一行 is what the ledger and the bulletin count; 每条留言一行 lists every copy as its own row.
    field('每行', select('rowsPer', [{ id: 'case', name: '每件一行（按案件）' }, { id: 'message', name: '每条留言一行（按留言）' }], 'case', { id: 'export-rows-per' })),
    // 按登记时间 is the bulletin's basis: an export over a bulletin's period has exactly its cases.
    field('日期依据', select('dateBasis', [{ id: 'posted', name: '按留言时间' }, { id: 'registered', name: '按登记时间（与通报一致）' }], 'posted', { id: 'export-date-basis' })),
    field('日期自', fromInput),
    field('至', toInput),
    field('渠道', select('channel', [any, ...meta.channels], '')),
    field('类别', select('category', [any, ...meta.categories.map((c) => ({ id: c, name: c }))], '')),
    field('办理状态', select('state', [any, ...meta.filterStates], '')),
    // A handling unit is offered no 审核状态: every case it sees is registered.
    meta.reviewStatuses.length > 0 ? field('审核状态', select('review', [any, ...meta.reviewStatuses], '')) : null,
    // 卷内目录: only the cases 归档 filed in this volume, with 回访结果, 归档卷 and 归档时间 (the last columns).
    // A unit has no 不予受理 case (decided before any 交办), so its example names a category only.
    field('归档卷', h('input', { type: 'text', name: 'archiveVolume', id: 'export-archive-volume', placeholder: ctx.user.role === 'unit' ? '如 2026-投诉' : '如 2026-投诉、2026-不予受理', size: 16 })),
    h('label', { class: 'check' }, masked, '隐藏个人信息（手机号、身份证号、留言人姓名）'),
    h('div', { class: 'filter-buttons' }, button),
  );
  const logBody = h('tbody');
  const jobsBody = h('tbody');
  const progressCard = h('section', { class: 'card', id: 'export-progress-card', hidden: true }, h('div', { class: 'progress-row' }, bar, status), link);
  // 卷内目录: for the roles the catalogue routes accept (督查室, admin), the same rule as the ledger's links.
  const catalogueCard = ['supervision', 'admin'].includes(ctx.user.role) ? catalogueSection() : null;
  // The DOM's append writes a null as the text "null": the roles without 卷内目录 get no card at all.
  view.append(
    ...[
      h('div', { class: 'page-head' }, h('h2', null, '数据导出'), ctx.user.role === 'unit' ? h('span', { class: 'muted' }, '仅导出本单位承办的留言（不含分类审核用的建议类别、置信度等列和不予受理各列）') : null),
      form,
      progressCard,
      catalogueCard,
      h('section', { class: 'card' }, h('h4', null, '我的导出文件'), h('table', { class: 'grid', id: 'export-jobs' }, h('thead', null, h('tr', null, ['时间', '格式', '每行 / 日期依据', '行数', '状态', '文件'].map((t) => h('th', null, t)))), jobsBody)),
      h('section', { class: 'card' }, h('h4', null, '导出记录'), h('table', { class: 'grid', id: 'export-log' }, h('thead', null, h('tr', null, ['时间', '操作人', '方式', '格式', '条件', '脱敏', '行数', '结果'].map((t) => h('th', null, t)))), logBody)),
    ].filter(Boolean),
  );

  const jobState = { running: '进行中', done: '可下载', failed: '失败', expired: '已过期' };
  /** The counting word of an export's rows: 件 (one row per case) or 条 (one row per message). */
  const rowUnit = (filter) => (filter.rowsPer === 'message' ? '条' : '件');
  const downloadLink = (job, id) => h('a', { href: `/api/exports/${job.id}/file`, download: job.fileName, ...(id ? { id } : {}) }, `下载 ${job.fileName}（${job.rows} ${rowUnit(job.filter ?? {})}）`);
  const emptyRow = (columns) => h('tr', null, h('td', { colspan: String(columns), class: 'muted' }, '暂无'));

  let following = null; // the job whose progress is shown
  async function loadLog() {
    const { exports, jobs = [] } = await api('/api/exports');
    clear(logBody);
    for (const x of exports) {
      // New rows are recorded in Chinese (时间 2026-11-01 至 2026-11-30、类别 投诉); older rows keep their keys.
      const filters = Object.entries(x.filters ?? {}).map(([k, v]) => `${k} ${v}`).join('、');
      logBody.append(h('tr', null, h('td', null, fmtTime(x.startedAt)), h('td', null, x.actorName ?? x.actor), h('td', null, x.via === 'cli' ? '命令行' : '控制台'), h('td', null, x.formatName ?? x.format.toUpperCase()), h('td', null, filters || '全部'), h('td', null, x.masked ? '是' : '否'), h('td', { class: 'num' }, String(x.rows)), h('td', null, x.status === 'done' ? '完成' : x.status === 'failed' ? `失败：${x.error ?? ''}` : '进行中')));
    }
    if (exports.length === 0) logBody.append(emptyRow(8));
    clear(jobsBody);
    for (const job of jobs) {
      const state = job.status === 'failed' ? `失败：${job.error ?? ''}` : (jobState[job.status] ?? job.status);
      const file = job.status === 'done' ? [downloadLink(job), h('small', { class: 'muted' }, ` 保留至 ${fmtTime(job.expiresAt)}`)] : '';
      jobsBody.append(h('tr', { 'data-job': job.id }, h('td', null, fmtTime(job.createdAt)), h('td', null, job.format.toUpperCase()), h('td', { class: 'export-basis' }, basisText(job.filter ?? {})), h('td', { class: 'num' }, `${job.rows} / ${job.total}`), h('td', null, state), h('td', { class: 'file-cell' }, file)));
    }
    if (jobs.length === 0) jobsBody.append(emptyRow(6));
    // A page opened (or reloaded) while an export of this user runs follows it again.
    const running = jobs.find((j) => j.status === 'running');
    if (running && !following) void follow(running.id, { download: false });
  }

  let timer = null;
  /** Shows a job's progress until it ends; `download` starts the file's download when it is done. */
  async function follow(id, { download }) {
    following = id;
    progressCard.hidden = false;
    button.disabled = true;
    clear(link);
    const poll = async () => {
      const p = await api(`/api/exports/${id}`);
      const unit = rowUnit(p.filter ?? {});
      bar.max = Math.max(p.total, 1);
      bar.value = p.rows;
      setText(status, `已导出 ${p.rows} / ${p.total} ${unit}`);
      if (p.status === 'running') {
        timer = setTimeout(() => void poll().catch(stopped), 300);
        return;
      }
      following = null;
      button.disabled = false;
      if (p.status !== 'done') {
        // failed, or expired (the file was kept past its time)
        setText(status, `导出失败：${p.error}`);
        toast(`导出失败：${p.error}`, 'error');
      } else if (p.rows === 0) {
        // Nothing matched: said in words, and no file of headers alone is downloaded unasked (it stays listed below).
        const none = `没有符合条件的${rowUnit(p.filter ?? {}) === '件' ? '案件' : '留言'}，未下载文件（可调整筛选条件后重新导出）`;
        setText(status, none);
        toast(none);
      } else {
        bar.value = bar.max;
        const a = downloadLink(p, 'export-download');
        link.append(a);
        if (download) a.click();
        toast(`导出完成：${p.rows} ${unit}`);
      }
      await loadLog();
    };
    await poll().catch(stopped);
  }
  function stopped(error) {
    following = null;
    button.disabled = false;
    setText(status, error.message);
    toast(error.message, 'error');
  }

  /** What a row is and which time the period was read on, as the progress line says it. */
  function basisText(filter) {
    const rows = filter.rowsPer === 'message' ? '每条留言一行' : '每件一行';
    return filter.from || filter.to ? `${rows}，${filter.dateBasis === 'registered' ? '按登记时间' : '按留言时间'}` : rows;
  }

  /**
   * A volume's 卷内目录: the volume typed is looked up in the ledger (its number of archived cases),
   * then offered to print (HTML, new tab) or download (XLSX); a malformed or empty volume is said so.
   */
  function catalogueSection() {
    const volume = h('input', { type: 'text', name: 'volume', id: 'export-catalogue-volume', placeholder: '如 2026-投诉、2026-不予受理', size: 16, required: true });
    const result = h('div', { id: 'export-catalogue-result' });
    const find = async () => {
      const v = String(volume.value).trim();
      clear(result);
      if (!/^\d{4}-\S+$/u.test(v)) {
        result.append(h('span', { class: 'error-box', role: 'alert' }, '归档卷应为「年份-类别」，如 2026-投诉、2026-不予受理'));
        return;
      }
      const data = await api('/api/console/ledger', { query: { archiveVolume: v, limit: 1, offset: 0 } });
      if (data.total === 0) {
        result.append(h('span', { class: 'muted' }, `归档卷 ${v} 中没有已归档的案件（请核对年份和类别，或先在台账中归档）`));
        return;
      }
      const q = encodeURIComponent(v);
      // The record of the catalogue is written as it is served: the log is read again shortly after.
      const reload = () => setTimeout(() => void loadLog().catch(() => undefined), 1500);
      result.append(
        `归档卷 ${v} 的卷内目录（${data.total} 件）：`,
        h('a', { class: 'button', id: 'export-catalogue-html', href: `/api/workflow/archive-catalogue.html?volume=${q}`, target: '_blank', rel: 'noopener', onclick: reload }, '打印卷内目录（HTML）'),
        ' ',
        h('a', { class: 'button', id: 'export-catalogue-xlsx', href: `/api/workflow/archive-catalogue.xlsx?volume=${q}`, onclick: reload }, '下载卷内目录（XLSX）'),
      );
    };
    return h(
      'section',
      { class: 'card', id: 'export-catalogue' },
      h('h4', null, '卷内目录'),
      h(
        'form',
        { class: 'filters', id: 'export-catalogue-form', onsubmit: (e) => (e.preventDefault(), void find().catch((error) => toast(error.message, 'error'))) },
        field('归档卷', volume),
        h('div', { class: 'filter-buttons' }, h('button', { type: 'submit', id: 'export-catalogue-find' }, '查找')),
      ),
      h('p', { class: 'muted' }, '按归档卷打印（A4 横向）或下载该卷的卷内目录；留言人和标题中的个人信息已隐藏。生成的目录记入下方导出记录。'),
      result,
    );
  }

  async function start() {
    const data = new FormData(form);
    const filter = {};
    for (const k of ['rowsPer', 'dateBasis', 'from', 'to', 'channel', 'category', 'state', 'review', 'archiveVolume']) if (String(data.get(k) ?? '').trim()) filter[k] = String(data.get(k)).trim();
    // A reversed period is said beside 至 and asks nothing, as on 通报统计 (a toast alone faded
    // while the form looked as if nothing had happened).
    if (!reportProblems(form, filter.from && filter.to && filter.from > filter.to ? [[toInput, reversedPeriod(filter.from, filter.to)]] : [])) return;
    button.disabled = true;
    try {
      const job = await api('/api/exports', { method: 'POST', body: { format: data.get('format'), masked: masked.checked, filter } });
      progressCard.hidden = false;
      setText(status, `共 ${job.total} ${filter.rowsPer === 'message' ? '条留言' : '件'}（${basisText(filter)}），正在导出…`);
      bar.max = Math.max(job.total, 1);
      bar.value = 0;
      await follow(job.id, { download: true });
    } catch (error) {
      // A date the server refuses is said beside its field too.
      const refused = error?.code === 'BAD_INPUT' ? [['from', fromInput], ['to', toInput]].find(([name]) => error.fields?.includes(name)) : null;
      if (refused) setFieldError(refused[1], error.message);
      stopped(error);
    }
  }

  await loadLog();
  return () => timer && clearTimeout(timer);
}

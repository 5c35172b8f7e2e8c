// 节假日安排 (admin): the years of the State Council's holiday schedule loaded on top of the library's
// calendar, and the form to load one (a JSON file, as `minsheng calendar load --file YEAR.json`
// takes). Loading recounts the due dates in hand that the year changes; the result lists them.
import { api } from '../api.js';
import { clear, field, h, toast } from '../dom.js';

/** Loaded days grouped by year: [year, holidays, workdays]. */
function byYear(days) {
  const years = new Map();
  for (const d of days) {
    const year = d.date.slice(0, 4);
    const counts = years.get(year) ?? { holidays: 0, workdays: 0 };
    if (d.kind === 'workday') counts.workdays++;
    else counts.holidays++;
    years.set(year, counts);
  }
  return [...years].sort(([a], [b]) => a.localeCompare(b));
}

function loadedTable(days) {
  const rows = byYear(days);
  if (rows.length === 0) return h('p', { class: 'muted', id: 'calendar-years' }, '尚未载入任何年份（系统自带的节假日数据之外）。');
  return h(
    'table',
    { class: 'grid', id: 'calendar-years' },
    h('thead', null, h('tr', null, ['年份', '节假日（天）', '调休工作日（天）'].map((t) => h('th', null, t)))),
    h('tbody', null, rows.map(([year, c]) => h('tr', null, h('td', null, year), h('td', { class: 'num' }, String(c.holidays)), h('td', { class: 'num' }, String(c.workdays))))),
  );
}

/** What a load did: days loaded, due dates checked and changed, and those that could not be recounted. */
function resultView(r) {
  return h(
    'div',
    { class: 'card', id: 'calendar-result' },
    h('p', null, `已载入 ${r.year} 年：节假日 ${r.holidays} 天，调休工作日 ${r.workdays} 天。核对时限跨 ${r.year} 年、尚未办结的交办 ${r.checked} 件，时限改变 ${r.changed.length} 件。`),
    r.changed.length
      ? h(
          'table',
          { class: 'grid' },
          h('thead', null, h('tr', null, ['台账编号', '承办单位', '原办理时限', '新办理时限'].map((t) => h('th', null, t)))),
          h('tbody', null, r.changed.map((c) => h('tr', null, h('td', null, h('a', { href: `#/case/${encodeURIComponent(c.caseId)}` }, c.ledgerNo)), h('td', null, c.unit), h('td', null, c.previousDueDate), h('td', null, c.dueDate)))),
        )
      : null,
    r.unreplayed.length
      ? h('div', { class: 'error-box' }, h('p', null, `以下 ${r.unreplayed.length} 件的时限无法重新计算，保持原样，请人工核对：`), h('ul', null, r.unreplayed.map((u) => h('li', null, `${u.ledgerNo}（${u.unit}，${u.dueDate}）：${u.reason}`))))
      : null,
  );
}

const format = '{"year": 2027, "holidays": ["2027-01-01", …], "workdays": ["2027-02-07", …]}';

export async function renderCalendar(view) {
  const years = h('div');
  const result = h('div');
  const file = h('input', { type: 'file', name: 'file', accept: '.json,application/json', required: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, '载入');
  const refresh = async () => clear(years).append(loadedTable((await api('/api/workflow/calendar/days')).days));
  const form = h(
    'form',
    {
      class: 'card filters',
      id: 'calendar-form',
      onsubmit: async (e) => {
        e.preventDefault();
        clear(result);
        const chosen = file.files?.[0];
        if (!chosen) return toast('请选择节假日安排文件（JSON）', 'error');
        // UTF-8 only, as `minsheng calendar load` (core/utf8-text.ts): a file saved as GBK ("ANSI") would load garbled names. A BOM is dropped.
        let text;
        try {
          text = new window.TextDecoder('utf-8', { fatal: true }).decode(await chosen.arrayBuffer());
        } catch {
          return toast(`文件 ${chosen.name} 不是 UTF-8 编码（可能以 GBK/ANSI 保存）：请将文件另存为 UTF-8 后重新载入`, 'error');
        }
        let body;
        try {
          body = JSON.parse(text);
        } catch {
          return toast(`文件不是有效的 JSON：${chosen.name}`, 'error');
        }
        // Said in the file's terms here: the API's own answer would name a request, not the file.
        if (!body || typeof body !== 'object' || Array.isArray(body)) return toast(`文件内容应为 ${format}：${chosen.name}`, 'error');
        submit.disabled = true;
        try {
          const r = await api('/api/workflow/calendar/load', { method: 'POST', body });
          // The years list first, then the result: whoever reads the result sees the list it speaks of.
          await refresh().catch((error) => toast(`已载入，但年份列表未能刷新：${error.message}`, 'error'));
          result.append(resultView(r));
          toast(`已载入 ${r.year} 年节假日安排`);
        } catch (error) {
          toast(error.message, 'error');
        } finally {
          submit.disabled = false;
        }
      },
    },
    field('节假日安排文件（JSON）', file, `格式：${format}，日期按国务院办公厅公布的安排填写；与命令 minsheng calendar load --file 相同`),
    h('div', { class: 'filter-buttons' }, submit),
  );
  view.append(
    h('div', { class: 'page-head' }, h('h2', null, '法定节假日安排')),
    h('p', { class: 'muted' }, '办理时限按国家法定节假日和调休计算。系统自带已公布年份的数据；新一年的安排公布后在此载入，同一年再次载入将替换该年已载入的数据，并重新计算受影响案件的办理时限。'),
    years,
    form,
    result,
  );
  await refresh();
}

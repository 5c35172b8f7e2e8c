// 采集来源 › 非本区留言 (#/sources/excluded?sourceId=...&q=...&exclusionKind=...): the messages a
// city mailbox's scope left out, newest first, paged by 50, searchable by title, filtered by kind
// (属地不明: no place named, possibly ours; 其他区县), each with the crawler's reason and a link to
// the original; 转入受理 (with a required note) sends one into the normal path; an admin can have a
// source's messages judged again with the current gazetteer (重新判断: a background run in the main
// job, its progress polled and shown to whoever opens the page meanwhile). Every text from the
// site or the API becomes text nodes only.
import { api } from '../api.js';
import { badge, clear, field, fmtTime, h, originalLink, select, setText, shown, toast } from '../dom.js';

const pageSize = 50;
/** Who may bring a message back (workflow's bringBackRoles); the server checks it again. */
const bringBackRoles = ['egov_centre', 'supervision', 'admin'];
const statuses = [
  { id: 'excluded', name: '未转入' },
  { id: 'brought_back', name: '已转入受理' },
  { id: 'all', name: '全部' },
];

/** What a finished run did, as the page and its toast say it. */
function recheckOutcome(run) {
  const r = run.result;
  if (run.state === 'failed') return `重新判断失败：${run.error?.message ?? ''}`;
  const text = `重新判断 ${r.checked} 条：转入受理 ${r.broughtIn.length} 条，仍排除 ${r.checked - r.broughtIn.length - r.takenMeanwhile} 条（原因更新 ${r.reasonChanged} 条）${r.takenMeanwhile ? `，期间已由采集转入 ${r.takenMeanwhile} 条` : ''}`;
  return run.state === 'stopped' ? `重新判断因民声主程序停止而中断：${text}；其余留言未判断，可再次重新判断` : text;
}

/**
 * The 重新判断 status of one source: the run under way in the main job (a progress bar and
 * 已判断 X / Y 条, followed until it ends, also on a page opened meanwhile), else the last one's
 * outcome; for admins the button that starts one (it runs in the background: the page polls).
 * `done(text)` is called with the outcome of a run this page followed to its end.
 */
function recheckControl(source, { canStart, showLast, done }) {
  const status = h('span', { class: 'muted', id: 'recheck-result', role: 'status' });
  const bar = h('progress', { id: 'recheck-progress', max: '1', value: '0', hidden: true });
  let timer = null;
  let following = null;
  let left = false; // staff left the page: an answer still on its way is dropped
  const base = `/api/console/sources/${encodeURIComponent(source.id)}/recheck-scope`;
  const button = canStart
    ? h(
        'button',
        {
          type: 'button',
          id: 'recheck-scope',
          title: '地名表（来源文件的 scope）补充地名后：按现在的地名表重新判断这个来源已排除的留言，现在涉及本区的转入受理',
          onclick: async () => {
            if (!window.confirm(`按现在的地名表重新判断「${shown(source.name)}」已排除的留言？现在涉及本区的将转入受理（分类、查重后进入「分类审核」）。`)) return;
            button.disabled = true;
            setText(status, '正在开始重新判断……');
            try {
              follow(await api(base, { method: 'POST', body: {} }));
            } catch (err) {
              setText(status, err.message);
              button.disabled = false;
              // Refused as one is under way (started by a colleague or at start-up): show that one.
              if (err.code === 'CONFLICT') void showLatest({ keepText: true });
            }
          },
        },
        '按现在的地名表重新判断',
      )
    : null;

  function show(run) {
    bar.hidden = false;
    bar.max = Math.max(run.total ?? 1, 1);
    bar.value = run.done;
    setText(status, run.total === null ? `正在重新判断（${run.startedBy}开始）：正在统计留言数……` : `正在重新判断（${run.startedBy}开始）：已判断 ${run.done} / ${run.total} 条`);
  }
  /** Polls the run until it ends; the page's cleanup stops the polling when staff leave. */
  function follow(run) {
    following = run.id;
    if (button) button.disabled = true;
    show(run);
    const poll = async () => {
      timer = null;
      let now;
      try {
        now = await api(`${base}/${encodeURIComponent(run.id)}`);
      } catch (err) {
        if (left) return;
        following = null;
        setText(status, err.message);
        if (button) button.disabled = false;
        return;
      }
      if (left) return;
      if (now.state === 'running') {
        show(now);
        timer = setTimeout(poll, 500);
        return;
      }
      following = null;
      bar.value = bar.max;
      const text = recheckOutcome(now);
      if (now.state === 'failed') {
        setText(status, text);
        toast(text, 'error');
        if (button) button.disabled = false;
        return;
      }
      toast(text, now.state === 'done' ? 'ok' : 'error');
      done(text);
    };
    timer = setTimeout(poll, 500);
  }
  /** The run under way, followed; else the last one's outcome (unless the page shows it already). */
  async function showLatest({ keepText = false } = {}) {
    const { run } = await api(base);
    if (!run || following === run.id) return;
    if (run.state === 'running') follow(run);
    else if (showLast && !keepText) setText(status, `上次重新判断（${run.startedBy}，${fmtTime(run.startedAt)}）：${recheckOutcome(run)}`);
  }

  const element = h('span', { class: 'recheck' }, ...(button ? [button, ' '] : []), bar, ' ', status);
  const stop = () => {
    left = true;
    if (timer) clearTimeout(timer);
  };
  return { element, showLatest, stop };
}


function broughtBackCell(b) {
  const who = b.by ? `${b.by} ${fmtTime(b.at)}` : `采集时判定为本区留言 ${fmtTime(b.at)}`;
  return h(
    'div',
    { class: 'brought-back' },
    badge('已转入受理', 'ok'),
    ' ',
    b.caseId ? h('a', { href: `#/case/${encodeURIComponent(b.caseId)}` }, b.ledgerNo ?? '查看案件') : h('span', { class: 'muted' }, '等待分类登记'),
    h('div', { class: 'muted' }, who),
    b.note ? h('div', { class: 'muted' }, `理由：${b.note}`) : null,
  );
}

/** The 转入受理 control: a note (required), then the request; the row is redrawn by `done`. */
function bringBackControl(item, done) {
  const note = h('textarea', { name: 'note', rows: '2', maxlength: '2000', placeholder: '如：涉及陈炉镇，地名表漏列' });
  const error = h('div', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, '确认转入');
  const form = h(
    'form',
    {
      class: 'bring-back-form',
      onsubmit: async (e) => {
        e.preventDefault();
        setText(error, '');
        if (!note.value.trim()) {
          setText(error, '请填写转入受理的理由');
          note.focus();
          return;
        }
        submit.disabled = true;
        try {
          await api(`/api/console/sources/excluded/${encodeURIComponent(item.id)}/bring-back`, { method: 'POST', body: { note: note.value } });
          toast('已转入受理：分类、查重后进入「分类审核」');
          done();
        } catch (err) {
          setText(error, err.message);
          submit.disabled = false;
        }
      },
    },
    field('转入受理的理由（必填）', note),
    error,
    submit,
  );
  return h('details', { class: 'action bring-back' }, h('summary', null, '转入受理'), form);
}

export async function renderExcluded(view, ctx) {
  const q = ctx.query;
  const canBringBack = bringBackRoles.includes(ctx.user.role);
  const sources = ctx.meta?.sources ?? [];
  const form = h(
    'form',
    { class: 'filters card', id: 'excluded-filters', onsubmit: (e) => (e.preventDefault(), apply(0)) },
    field('来源', select('sourceId', [{ id: '', name: '全部' }, ...sources], q.get('sourceId'))),
    field('状态', select('status', statuses, q.get('status') ?? 'excluded')),
    field('类别', select('exclusionKind', [{ id: '', name: '全部' }, ...(ctx.meta?.exclusionKinds ?? [])], q.get('exclusionKind'))),
    field('搜索', h('input', { type: 'search', name: 'q', placeholder: '标题', value: q.get('q') ?? '' })),
    h('div', { class: 'filter-buttons' }, h('button', { type: 'submit', class: 'primary' }, '筛选'), h('button', { type: 'button', onclick: () => ctx.navigate('#/sources/excluded') }, '清除')),
  );
  const summary = h('span', { class: 'muted', id: 'excluded-count' });
  const kindNames = Object.fromEntries((ctx.meta?.exclusionKinds ?? []).map((k) => [k.id, k.name]));
  const chosenSource = sources.find((s) => s.id === q.get('sourceId'));
  // The chosen source's 重新判断: anyone who sees the page sees one under way; admins may start one.
  const recheck = chosenSource
    ? recheckControl(chosenSource, {
        canStart: ctx.user.role === 'admin',
        showLast: !q.get('done'),
        done: (text) => ctx.navigate(`#/sources/excluded?${new window.URLSearchParams({ ...Object.fromEntries(q.entries()), t: String(Date.now()), done: text })}`),
      })
    : null;
  const recheckElement = recheck ? recheck.element : ctx.user.role === 'admin' ? h('span', { class: 'muted', id: 'recheck-hint' }, '选定一个来源后，可按现在的地名表重新判断') : null;
  const tbody = h('tbody');
  const pager = h('div', { class: 'pager' });
  view.append(
    h('div', { class: 'page-head' }, h('a', { href: '#/sources', class: 'back' }, '← 采集来源'), h('h2', null, '非本区留言（采集时已排除）'), summary, ...(recheckElement ? [h('div', { class: 'spacer' }), recheckElement] : [])),
    ...(q.get('done') ? [h('p', { class: 'card', id: 'recheck-done', role: 'status' }, q.get('done'))] : []),
    h('p', { class: 'muted' }, '市长信箱中按地名表排除的留言：「其他区县」提及其他区县，「属地不明」未提及任何地名，可能属于本区，请逐条查看。这些留言不进入台账、查重、审核、通报和导出。确属本区的，点「转入受理」并写明理由，留言即按正常流程分类、查重，进入「分类审核」；地名表补充地名后，管理员可按现在的地名表重新判断。'),
    form,
    h('table', { class: 'grid', id: 'excluded' }, h('thead', null, h('tr', null, ['留言时间', '标题', '来源', '排除原因', '原文', '处理'].map((t) => h('th', null, t)))), tbody),
    pager,
  );

  function apply(offset) {
    const params = new window.URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) if (v) params.set(k, String(v));
    if (offset) params.set('offset', String(offset));
    ctx.navigate(`#/sources/excluded?${params}`);
  }

  const offset = Number(q.get('offset') ?? 0) || 0;
  const data = await api('/api/console/sources/excluded', { query: { sourceId: q.get('sourceId'), q: q.get('q'), status: q.get('status') ?? 'excluded', exclusionKind: q.get('exclusionKind'), limit: pageSize, offset } });
  setText(summary, `共 ${data.total} 条`);
  const reload = () => ctx.navigate(`#/sources/excluded?${new window.URLSearchParams({ ...Object.fromEntries([...q.entries()].filter(([k]) => k !== 'done')), t: String(Date.now()) })}`);
  clear(tbody);
  for (const m of data.items) {
    tbody.append(
      h(
        'tr',
        { dataset: { id: m.id, siteId: m.siteId } },
        h('td', null, fmtTime(m.postedAt), h('div', { class: 'muted' }, `采集 ${fmtTime(m.firstSeenAt)}`)),
        h(
          'td',
          { class: 'title-cell' },
          h('details', { class: 'excluded-text' }, h('summary', { class: 'excluded-title' }, m.title || '（无标题）'), h('div', { class: 'message-text' }, m.content || '（无正文）')),
          m.changedAt ? h('div', { class: 'muted' }, `网站上有更新 ${fmtTime(m.changedAt)}`) : null,
        ),
        h('td', null, m.sourceName),
        h('td', { class: 'reason' }, badge(kindNames[m.kind] ?? m.kind, m.kind === 'no_place' ? 'kind warn' : 'kind'), ' ', h('span', { class: 'reason-text' }, m.reason)),
        h('td', null, originalLink(m.url, '原文', { class: 'original' }) ?? '—'),
        h('td', { class: 'excluded-action' }, m.broughtBack ? broughtBackCell(m.broughtBack) : canBringBack ? bringBackControl(m, reload) : h('span', { class: 'muted' }, '未转入')),
      ),
    );
  }
  if (data.items.length === 0) tbody.append(h('tr', null, h('td', { colspan: '6', class: 'empty' }, q.get('q') ? '没有标题含此内容的留言' : '没有排除的留言')));
  clear(pager);
  if (offset > 0) pager.append(h('button', { type: 'button', onclick: () => apply(Math.max(0, offset - pageSize)) }, '上一页'));
  pager.append(h('span', { class: 'muted' }, `${data.total ? offset + 1 : 0}–${offset + data.items.length} / ${data.total}`));
  if (offset + pageSize < data.total) pager.append(h('button', { type: 'button', onclick: () => apply(offset + pageSize) }, '下一页'));
  if (!recheck) return undefined;
  await recheck.showLatest().catch((err) => void setText(recheck.element.querySelector('#recheck-result'), err.message));
  return recheck.stop;
}

// 起草新来源 (#/sources/draft, admin): the list page's address (and, as `minsheng sources suggest`
// takes them, letters' addresses, 编号, 名称, 渠道, 编码) starts a draft on the server, which runs in
// the background (it may open chromium): the page follows it, then shows the draft's YAML (复制,
// 下载), its notes and the letters a trial crawl of it extracts. Everything from the site (titles,
// statuses, addresses, the YAML) is untrusted text: text nodes and a read-only textarea only.
// 加入来源文件 appends the source to the main job's source file (MINSHENG_SOURCES; the server keeps a
// backup first and refuses the demo file or an id the file has: then 下载后加入来源文件 by hand). The
// main job reads the file at start only: 重启后生效, said on the page. A refused or failed draft
// keeps the form as typed. 取消, while a draft runs, stops it on the server at once (a slow site's
// page cut off, chromium closed): the page then shows 已取消, and another draft may start.
import { api } from '../api.js';
import { badge, clear, field, fmtTime, h, select, setText, toast } from '../dom.js';

const stateNames = { drafting: '正在读取网站页面并起草', previewing: '正在按草稿试抓', done: '已完成', failed: '起草失败', cancelled: '已取消' };

/** The draft's follow-up line: where it is and what it has read so far. */
function progressText(job) {
  if (job.state === 'drafting') return `${stateNames.drafting}：已读取 ${job.pagesRead} 个页面${job.pages.length ? `，最近：${job.pages[job.pages.length - 1]}` : ''}（可能需要一分钟）`;
  if (job.state === 'previewing') return `${stateNames.previewing}：已读出 ${job.lettersFound} 封留言`;
  if (job.state === 'done') return `起草时读取 ${job.pagesRead} 个页面，试抓读出 ${job.lettersFound} 封留言`;
  if (job.state === 'cancelled' && job.cancelled) return `由 ${job.cancelled.by} 于 ${fmtTime(job.cancelled.at)} 取消（已读取 ${job.pagesRead} 个页面）；可修改后重新起草`;
  return '';
}

/** Copies the YAML: the clipboard where the browser allows it (HTTPS, localhost), else the selection. */
async function copyText(textarea) {
  try {
    await navigator.clipboard.writeText(textarea.value);
  } catch {
    textarea.focus();
    textarea.select();
    if (!document.execCommand('copy')) throw new Error('浏览器不允许复制，请手动选中后复制');
  }
}

function lettersTable(letters) {
  return h(
    'table',
    { class: 'grid', id: 'draft-preview' },
    h('thead', null, h('tr', null, ['编号', '标题', '留言时间', '办理状态', '答复'].map((t) => h('th', null, t)))),
    h(
      'tbody',
      null,
      letters.map((l) => h('tr', null, h('td', null, l.siteId), h('td', { class: 'title-cell' }, l.title), h('td', null, l.postedAt ? fmtTime(l.postedAt) : '—'), h('td', null, l.siteStatus ?? '—'), h('td', { class: 'replied' }, l.replied ? '有答复' : '无'))),
      letters.length ? null : h('tr', null, h('td', { colspan: '5', class: 'empty' }, '试抓没有读出留言：草稿的规则需要修改后再用')),
    ),
  );
}

/** 加入来源文件, or why the source file cannot be written (then: download and add by hand); what was done once done. */
function addView(job) {
  const box = h('div', { id: 'draft-add-box' });
  const addedText = (a, takesEffect) => h('p', { id: 'draft-added', class: 'notice card' }, `已由 ${a.addedBy} 于 ${fmtTime(a.addedAt)} 加入来源文件 ${a.file}（原文件已备份为 ${a.backup}）。${takesEffect ?? '民声主程序只在启动时读取来源文件：重启后生效。'}`);
  if (job.added) {
    box.append(addedText(job.added));
    return box;
  }
  if (job.sourceFile.refusal) {
    box.append(h('p', { class: 'hint', id: 'draft-how-to-add' }, `下载后加入来源文件：${job.sourceFile.refusal}。可先用 minsheng sources check 检查。`));
    return box;
  }
  const error = h('p', { class: 'form-error', id: 'draft-add-error', role: 'alert' });
  const button = h('button', { type: 'button', class: 'primary', id: 'draft-add' }, '加入来源文件');
  button.addEventListener('click', async () => {
    button.disabled = true;
    setText(error, '');
    try {
      const added = await api(`/api/console/source-drafts/${encodeURIComponent(job.id)}/add-to-source-file`, { method: 'POST' });
      box.replaceChildren(addedText(added, added.takesEffect));
    } catch (e) {
      button.disabled = false;
      setText(error, e.message);
    }
  });
  box.append(h('p', { class: 'hint', id: 'draft-how-to-add' }, `加入来源文件：追加到 ${job.sourceFile.path} 的 sources: 列表末尾（先备份原文件）。民声主程序只在启动时读取来源文件：重启后生效。也可下载后手工加入。`), button, error);
  return box;
}

function resultView(job) {
  const r = job.result;
  const yaml = h('textarea', { id: 'draft-yaml', readonly: true, rows: String(Math.min(30, r.yaml.split('\n').length + 1)), spellcheck: 'false', class: 'code' }, r.yaml);
  const copy = h('button', { type: 'button', id: 'draft-copy', onclick: () => copyText(yaml).then(() => toast('已复制来源草稿'), (e) => toast(e.message, 'error')) }, '复制');
  const download = h('a', { href: `/api/console/source-drafts/${encodeURIComponent(job.id)}/file`, download: `${r.sourceId}.yaml`, id: 'draft-download', class: 'button' }, '下载');
  const t = r.trial;
  const trialLine = `试抓读取 ${t.pagesFetched} 个页面，读出 ${t.lettersFound} 封留言${t.stoppedEarly ? '（只试抓前面的页面，未读完全部）' : ''}${t.dropped ? `；按范围剔除非本区留言 ${t.dropped} 封` : ''}`;
  const alerts = [t.layoutAlert && `布局告警：${t.layoutAlert}`, t.accessAlert && `拦截告警：${t.accessAlert}`, ...t.pageErrors.map((e) => `页面错误：${e}`), ...r.problems.map((p) => `问题：${p}`)].filter(Boolean);
  return h(
    'div',
    { id: 'draft-result' },
    h(
      'div',
      { class: 'card' },
      h('h3', null, '来源草稿'),
      h('p', { class: 'meta' }, `编号 ${r.sourceId} · 名称 ${r.name} · 渠道 ${r.channelName}`),
      yaml,
      h('div', { class: 'filters' }, copy, download),
      addView(job),
    ),
    h('div', { class: 'card', id: 'draft-notes-card' }, h('h3', null, '需要核对'), r.notes.length ? h('ul', { id: 'draft-notes' }, r.notes.map((n) => h('li', null, n))) : h('p', { class: 'muted', id: 'draft-notes' }, '草稿没有留下疑问；仍请核对试抓结果。')),
    h(
      'div',
      { class: 'card' },
      h('h3', null, '试抓结果（按草稿抓取，不写入数据库）'),
      h('p', { class: 'muted', id: 'draft-trial' }, trialLine),
      alerts.length ? h('ul', { class: 'problem', id: 'draft-alerts' }, alerts.map((a) => h('li', null, a))) : null,
      lettersTable(r.letters),
    ),
  );
}

export async function renderSourceDraft(view, ctx) {
  if (ctx.user.role !== 'admin') {
    view.append(h('div', { class: 'error-box' }, '只有系统管理员可以起草新来源'));
    return undefined;
  }
  const listUrl = h('input', { name: 'listUrl', id: 'draft-list-url', maxlength: '2000', required: true, inputmode: 'url', autocomplete: 'off', placeholder: 'http://www.example.gov.cn/hdjl/xxgk/list.html', size: '60' });
  const detailUrls = h('textarea', { name: 'detailUrls', id: 'draft-detail-urls', rows: '2', placeholder: '可不填；每行一个，最多 4 个' });
  const id = h('input', { name: 'id', id: 'draft-id', maxlength: '60', autocomplete: 'off', placeholder: '默认按网站域名' });
  const name = h('input', { name: 'name', id: 'draft-name', maxlength: '100', autocomplete: 'off', placeholder: '默认取列表页标题' });
  const channel = select('channel', [{ id: '', name: '（按页面标题判断）' }, ...(ctx.meta?.channels ?? [])], '', { id: 'draft-channel' });
  const encoding = h('input', { name: 'encoding', id: 'draft-encoding', maxlength: '20', autocomplete: 'off', placeholder: '默认自动识别，如 gbk' });
  const start = h('button', { type: 'submit', class: 'primary', id: 'draft-start' }, '开始起草');
  // On the page only while a draft runs (a button's display is set by the stylesheet, so `hidden` would not hide it).
  const cancel = h('button', { type: 'button', id: 'draft-cancel' }, '取消');
  const cancelSlot = h('span');
  const error = h('p', { class: 'form-error', id: 'draft-error', role: 'alert' });
  const status = h('p', { id: 'draft-status', role: 'status', 'aria-live': 'polite' });
  const result = h('div');
  let timer;
  let stopped = false;
  let followed;

  /** Follows a draft until it ends; the page's cleanup stops following when the admin leaves. */
  const follow = async (jobId) => {
    followed = jobId;
    let job;
    try {
      job = await api(`/api/console/source-drafts/${encodeURIComponent(jobId)}`);
    } catch (e) {
      start.disabled = false;
      cancelSlot.replaceChildren();
      setText(status, '');
      setText(error, e.message);
      return;
    }
    if (stopped) return;
    if (!listUrl.value) listUrl.value = job.listUrl;
    clear(status).append(badge(stateNames[job.state] ?? job.state, job.state === 'failed' ? 'danger' : job.state === 'done' ? 'ok' : job.state === 'cancelled' ? '' : 'warn'), ' ', progressText(job), h('span', { class: 'muted' }, `（${job.startedBy} 于 ${fmtTime(job.startedAt)} 开始）`));
    const running = job.state === 'drafting' || job.state === 'previewing';
    if (running && !cancelSlot.contains(cancel)) cancelSlot.replaceChildren(cancel);
    if (!running) {
      cancelSlot.replaceChildren();
      cancel.disabled = false;
    }
    if (job.state === 'done') {
      start.disabled = false;
      result.replaceChildren(resultView(job));
    } else if (job.state === 'failed') {
      start.disabled = false;
      setText(error, `起草失败：${job.error}`);
    } else if (job.state === 'cancelled') {
      start.disabled = false;
    } else {
      timer = setTimeout(() => void follow(jobId), 1000);
    }
  };

  cancel.addEventListener('click', async () => {
    if (!followed) return;
    cancel.disabled = true;
    setText(error, '');
    if (timer) clearTimeout(timer);
    try {
      await api(`/api/console/source-drafts/${encodeURIComponent(followed)}/cancel`, { method: 'POST' });
    } catch (e) {
      // Ended meanwhile (409), or the server restarted: said, and the draft followed to its end.
      setText(error, e.message);
    }
    await follow(followed);
  });

  const form = h(
    'form',
    {
      class: 'card',
      id: 'source-draft-form',
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        setText(error, '');
        if (!listUrl.value.trim()) return setText(error, '请填写列表页网址');
        start.disabled = true;
        result.replaceChildren();
        try {
          const job = await api('/api/console/source-drafts', {
            method: 'POST',
            body: { listUrl: listUrl.value.trim(), detailUrls: detailUrls.value.split('\n').map((u) => u.trim()).filter(Boolean), id: id.value.trim(), name: name.value.trim(), channel: channel.value, encoding: encoding.value.trim() },
          });
          // The draft's address in the page's own, so a reload follows it again (no re-render now).
          history.replaceState(null, '', `#/sources/draft?job=${encodeURIComponent(job.id)}`);
          await follow(job.id);
        } catch (e) {
          start.disabled = false;
          setText(error, e.message);
        }
      },
    },
    h('div', { class: 'filters' }, field('列表页网址', listUrl, '网站上列出留言的页面（http:// 或 https://）')),
    h('div', { class: 'filters' }, field('留言详情页网址', detailUrls, '列表链接之外要读的信，如一封已答复的信'), field('来源编号', id, '小写字母、数字、- 和 _'), field('名称', name), field('渠道', channel), field('网页编码', encoding)),
    h('div', { class: 'filters' }, start, cancelSlot),
    error,
    status,
  );
  view.append(
    h('div', { class: 'page-head' }, h('h2', null, '起草新来源'), h('a', { href: '#/sources', class: 'back' }, '返回采集来源')),
    h('p', { class: 'muted' }, '按网站留言列表页起草采集来源（同 minsheng sources suggest），并按草稿试抓前 20 封留言（不写入数据库）。同一时间只能起草一份。'),
    form,
    result,
  );
  const following = ctx.query?.get('job');
  if (following) {
    start.disabled = true;
    await follow(following);
  }
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

// 案件: the message and its copies, the timeline from the event log, proposals, assignments,
// extensions, reports (with the pre-publication findings), supervision, visits, and the steps the
// signed-in role may take now.
import { api } from '../api.js';
import { badge, fmtTime, h, originalLink } from '../dom.js';
import { actionForms } from './case-actions.js';
import { splitControl } from './case-dedup.js';
import { hasCaseDrafts } from '../drafts.js';
import { eventDetails, originLevelNames } from '../event-details.js';
import { complexityNames, siteFieldNames, visitMethodNames } from '../names.js';
import { dueNote } from '../due-note.js';
import { unitOriginalReport } from '../report-original.js';

/**
 * 「市级转办 TCZB-2026-0417 · 上级办理时限 2026-12-04」: the 转办编号 of an item forwarded by the province
 * or city, which staff match with the OA 转办单 and cite when reporting upward, and the upper level's
 * own deadline when the 转办单 gave one (交办 keeps the due date within it); empty for other messages.
 */
const forwardingNote = (m) =>
  m.forwarding?.forwardNo
    ? ` · ${originLevelNames[m.forwarding.originLevel] ?? m.forwarding.originLevel ?? ''} ${m.forwarding.forwardNo}`.replace(/ {2,}/g, ' ') +
      (typeof m.forwarding.upperDeadline === 'string' && m.forwarding.upperDeadline ? ` · 上级办理时限 ${m.forwarding.upperDeadline}` : '')
    : '';

let wfMeta = null;

/** A unit's name as the case names it (主办 or 协办), else its id. */
/** What of the two 回复 a case owing both still awaits (workflow/cases/reply-owed.ts). */
function repliesOwedText(owed) {
  const parts = [owed.upperReport ? '《印台政务督查专报》上报（区政府督查室）' : null, owed.onlineReply ? '网上回复（区电子政务管理中心）' : null].filter(Boolean);
  const sent = [!owed.upperReport ? '专报已上报' : null, !owed.onlineReply ? '网上回复已发布' : null].filter(Boolean);
  return `${parts.join('、')}${sent.length ? `；${sent.join('、')}` : ''}`;
}

function unitNameOf(c, unitId) {
  const hu = c.handlingUnits;
  if (hu?.lead?.unitId === unitId) return hu.lead.unit;
  return hu?.assists.find((a) => a.unitId === unitId)?.unit ?? (c.unit?.id === unitId ? c.unit.name : unitId);
}

/** A card of records; nothing at all when there are none, so the page shows what happened. */
const clip = (text, n) => (text.length > n ? `${text.slice(0, n)}…` : text);

/** The message's status and reply as its site shows them now (null when the site shows neither). */
function siteNow(m) {
  if (!m.siteStatus && !m.replyText) return null;
  return h(
    'div',
    { class: 'site-now', id: 'case-site-now' },
    m.siteStatus ? h('div', null, h('b', null, '网站上的状态 '), m.removedFromSite ? badge(m.siteStatus, 'warn') : m.siteStatus) : null,
    m.replyText ? h('div', null, h('b', null, `网站上的回复${m.replyUnit ? `（${m.replyUnit}${m.replyAt ? `，${fmtTime(m.replyAt)}` : ''}）` : ''} `), h('div', { class: 'message-text' }, m.replyText)) : null,
  );
}

/** Decided 不予受理, whether still so or archived in the year's 不予受理 volume. */
const isRefused = (c) => c.state === 'not_accepted' || c.archiveCategory === '不予受理';

/**
 * 类别 of the case: confirmed at 登记; before that the classifier's suggestion, （待确认）; on a case
 * decided 不予受理, never registered, the suggestion said to be one (it awaits no confirmation).
 */
function categoryFact(c) {
  const note = c.categoryConfirmed ? '' : isRefused(c) ? '（分类建议，未登记）' : '（待确认）';
  return h('span', { id: 'case-category' }, h('b', null, '类别 '), c.category, note);
}

/**
 * 承办单位 of the case: 建议承办单位 (the suggestion, or nothing) before 交办, none for 不予受理, the
 * unit that returned it after a 退回; after 交办 主办：X and, when the case
 * has assisting units, 协办：Y（已提交意见 / 未提交） for each.
 */
function handlingUnitsFact(c) {
  const hu = c.handlingUnits;
  if (!hu?.lead) {
    // Never handed to a unit: the classifier's suggestion, said so; a 不予受理 (archived too) or merged case goes to none.
    if (isRefused(c) || c.state === 'merged') return h('span', { id: 'case-units' }, h('b', null, '承办单位 '), '—');
    if (c.state !== 'returned') return h('span', { id: 'case-units' }, h('b', null, '建议承办单位 '), c.unit?.name ?? '—');
    return h('span', { id: 'case-units' }, h('b', null, '承办单位 '), c.unit?.name ?? '—');
  }
  const assists = hu.assists.map((a, i) => [i ? '、' : '', a.unit, h('span', { class: 'muted' }, a.submittedAt ? '（已提交意见）' : a.status === 'active' ? '（未提交）' : '（未提交，协办已结束）')]);
  return h(
    'span',
    { id: 'case-units' },
    h('b', null, '主办：'), hu.lead.unit,
    hu.assists.length ? [' / ', h('b', null, '协办：'), ...assists.flat()] : null,
    c.myRole === 'assist' ? [' ', badge('本单位协办', 'info')] : null,
  );
}

/**
 * 督查室's answer with what it decided: the days granted (which may be fewer than asked) and the
 * due date now in force, who answered and when; a refusal leaves the due date as it was.
 */
function extensionAnswer(x, who) {
  if (x.decision !== 'approved' && x.decision !== 'rejected') return null;
  const by = `${x.decidedAt ? fmtTime(x.decidedAt) : ''} ${x.decidedBy ? who(x.decidedBy) : ''}`.trim();
  const decided = x.decision === 'approved' ? `同意延期 ${x.grantedDays ?? x.requestedDays} 个工作日，办理时限改为 ${x.newDueDate ?? '—'}` : '不同意延期，办理时限不变';
  return h('div', { class: 'extension-answer' }, `${by} 答复：${decided}${x.answer ? `。${x.answer}` : ''}`);
}

function section(title, rows, render) {
  if (rows.length === 0) return null;
  return h('section', { class: 'card' }, h('h4', null, `${title}（${rows.length}）`), h('ul', { class: 'records' }, rows.map(render)));
}

/**
 * The case's documents to print or save as PDF: the 网民留言交办单 of the 交办 in force, for every
 * reader once it is handed to a unit (workflow/cases/assignment-sheet.ts), and the 网民留言办理记录,
 * the whole case for its archive volume (第四条㈩), for the offices (workflow/catalogue/case-record.ts).
 * Null when there is neither (a unit's case before 交办 is not its own).
 */
function printLinks(c, role) {
  const base = `/api/workflow/cases/${encodeURIComponent(c.id)}`;
  const sheet = c.handlingUnits?.lead ? h('a', { class: 'button', id: 'assignment-sheet-print', href: `${base}/assignment-sheet.html`, target: '_blank', rel: 'noopener' }, '打印交办单') : null;
  const record = role === 'unit' ? null : h('a', { class: 'button', id: 'case-record-print', href: `${base}/record.html`, target: '_blank', rel: 'noopener' }, '打印办理记录');
  if (!sheet && !record) return null;
  return h(
    'section',
    { class: 'card', id: 'case-print' },
    h('h4', null, '打印'),
    h('p', null, sheet, sheet && record ? ' ' : null, record),
    h(
      'p',
      { class: 'muted' },
      [sheet ? '交办单：留言、拟办意见、领导批示、承办单位和办理时限，留有「办理情况」栏。' : null, record ? '办理记录：留言、拟办与批示、交办、延期、督办、办理情况与答复、回访和办理过程，立卷归档时与卷内目录一并存档。' : null].filter(Boolean).join('') + 'A4 纵向，可在打印对话框中另存为 PDF。',
    ),
  );
}

/**
 * 《印台政务督查专报》 once reported upward: to print (or save as PDF) and to download, for the offices
 * (the server serves it as reported: workflow/cases/upper-report-document.ts). Null before, and for a unit.
 */
function upperReportLinks(c, role) {
  if (role === 'unit' || !c.events.some((e) => e.type === 'report_upward')) return null;
  const base = `/api/workflow/cases/${encodeURIComponent(c.id)}/upper-report`;
  return h(
    'section',
    { class: 'card', id: 'upper-report' },
    h('h4', null, '《印台政务督查专报》'),
    h('p', null, '已上报。', h('a', { class: 'button', id: 'upper-report-print', href: `${base}.html`, target: '_blank', rel: 'noopener' }, '打印专报'), ' ', h('a', { class: 'button', id: 'upper-report-download', href: `${base}.txt` }, '下载专报（TXT）')),
    h('p', { class: 'muted' }, '打印页为 A4 纵向，可在浏览器的打印对话框中另存为 PDF；内容为上报时的专报原文。'),
  );
}

/**
 * When a message was written: its 留言时间, or, for a letter entered without one (a paper letter with
 * no date), the time it was received here (first seen), said so rather than a bare 「—」.
 */
const postedOn = (m) => (m.postedAt ? fmtTime(m.postedAt) : m.firstSeenAt ? `${fmtTime(m.firstSeenAt)} 收到（未注明留言时间）` : '未注明留言时间');

const findingsOf = (r) => (Array.isArray(r.findings) ? r.findings : Array.isArray(r.findings?.findings) ? r.findings.findings : []);

/** The label of an event row: the step's name, or what the system did. */
function eventLabel(e, actionNames, eventNames, events) {
  if (e.type === 'case_created' && e.data?.splitFromLedgerNo) return '从重复留言中拆分，生成新台账';
  // A letter entered by hand (录入留言) was not crawled: its case's creation is named so (workflow caseEventName).
  if (e.type === 'case_created' && e.messageId && events.some((x) => x.type === 'entered_by_hand' && x.messageId === e.messageId)) return eventNames.case_created_by_hand;
  // The target of a merge: what it received, not the merged case's step (作为重复并入其他案件).
  if (e.type === 'merged_from' && e.data?.fromLedgerNo) {
    const n = Array.isArray(e.data.messages) ? e.data.messages.length : null;
    return `并入重复留言：案件 ${e.data.fromLedgerNo} 的${n === null ? '' : ` ${n} 条`}留言并入本案`;
  }
  return actionNames[e.type] ?? eventNames[e.type] ?? '系统记录';
}

/** A value the crawler saw change on the site; times (stored as UTC ISO) in Beijing time like the rest of the page. */
function siteValue(field, value) {
  if (value === null || value === undefined || value === '') return '—';
  return field === 'replyAt' && !Number.isNaN(Date.parse(value)) ? fmtTime(value) : clip(value, 80);
}

/** Which message a 合并重复留言 event linked to the case (it may have been split off since). */
function linkedMessage(e, messages) {
  if (e.type !== 'duplicate_linked' || !e.messageId) return null;
  const m = messages.find((x) => x.id === e.messageId);
  return h('span', { class: 'linked-message' }, m ? `留言：${clip(m.title, 40)}（${m.author ?? '匿名'}，${postedOn(m)}）；` : '留言：已拆分为其他案件；');
}

/** A link to the other case a de-duplication event names (merged into / from, split off / from). */
function relatedCaseLink(data) {
  if (!data || typeof data !== 'object') return null;
  const pairs = [['intoCaseId', 'intoLedgerNo', '查看并入的案件'], ['fromCaseId', 'fromLedgerNo', '查看被并入的案件'], ['newCaseId', 'newLedgerNo', '查看拆分出的新案件'], ['splitFromCaseId', 'splitFromLedgerNo', '查看原案件']];
  for (const [idKey, noKey, label] of pairs) {
    if (typeof data[idKey] === 'string') return h('a', { href: `#/case/${encodeURIComponent(data[idKey])}`, class: 'event-link', dataset: { rel: idKey } }, `${label} ${data[noKey] ?? ''}`);
  }
  return null;
}

export async function renderCase(view, ctx) {
  const id = ctx.parts[1];
  wfMeta ??= await api('/api/workflow/meta');
  const actionNames = Object.fromEntries(wfMeta.actions.map((a) => [a.id, a.name]));
  // What the system did (采集并生成台账, 期限预警 …): workflow/cases/event-names.ts, one table with `minsheng cases show`.
  const eventNames = Object.fromEntries((wfMeta.events ?? []).map((a) => [a.id, a.name]));
  const reportStatusNames = Object.fromEntries(wfMeta.reportStatuses.map((a) => [a.id, a.name]));
  const extensionDecisionNames = Object.fromEntries(wfMeta.extensionDecisions.map((a) => [a.id, a.name]));
  const stateNames = Object.fromEntries(wfMeta.states.map((s) => [s.id, s.name]));
  const byId = (list) => Object.fromEntries((list ?? []).map((x) => [x.id, x.name]));
  const satisfactionNames = byId(wfMeta.satisfactions);
  const kindNames = byId(wfMeta.supervisionKinds);
  let c;
  try {
    ({ case: c } = await api(`/api/workflow/cases/${encodeURIComponent(id)}`));
  } catch (error) {
    // A unit opening a case not in its hands (never handed to it, or returned by it: the server
    // answers 404 either way and the page says no more) is told why it may be so and led back.
    if (error.status !== 404 || ctx.user?.role !== 'unit') throw error;
    view.append(
      h('div', { class: 'error-box', id: 'case-not-ours' }, '本单位台账中没有此案件：案件未交办给本单位，或本单位已退回交办（退回后由区政府办重新拟办，不再由本单位办理）。', ' ', h('a', { href: '#/ledger' }, '返回本单位台账')),
      // What became of a case it returned (改交, 不予受理 …) is on its list of returns.
      h('p', { id: 'case-not-ours-returned' }, '本单位退回过的案件，退回理由和去向见 ', h('a', { href: '#/returned' }, '本单位退回的案件'), '。'),
    );
    return;
  }
  const primary = c.messages.find((m) => m.id === c.primaryMessageId) ?? c.messages[0];
  const copies = c.messages.filter((m) => m !== primary);
  const reload = () => ctx.navigate(`#/case/${c.id}?t=${Date.now()}`);
  // A unit's own 退回交办 takes the case out of its hands (and its ledger): back to the ledger, not a reload.
  const afterStep = (action) => (action === 'return_case' && ctx.user?.role === 'unit' ? ctx.navigate('#/ledger') : reload());
  const channelNames = byId(ctx.meta?.channels);
  const sourceNames = byId(ctx.meta?.sources);
  const names = { channels: channelNames, sources: sourceNames, outOfScopeReasons: byId(wfMeta.outOfScopeReasons), supervisionKinds: kindNames, satisfactions: satisfactionNames, roles: byId(wfMeta.roles) };
  // Why the e-government centre sent a reply back at publication (kept in the event log).
  const revisionNotes = Object.fromEntries(c.events.filter((e) => e.type === 'return_for_revision' && e.data?.reportId).map((e) => [e.data.reportId, e.data.note]));
  const canSplit = c.allowedActions.includes('split_copy');
  // Who acted, as staff read an account (区政府办（office）, 民声主程序), never the bare username.
  const who = (username) => c.actorNames?.[username] ?? username;
  const mergedInto = c.state === 'merged' ? [...c.events].reverse().find((e) => e.type === 'merge_into')?.data : null;

  view.append(
    h('div', { class: 'page-head' }, h('a', { href: '#/ledger', class: 'back' }, '← 台账'), h('h2', { id: 'case-title' }, c.title)),
    h(
      'div',
      { class: 'case-facts card' },
      h('span', null, h('b', null, '台账编号 '), c.ledgerNo),
      h('span', null, h('b', null, '状态 '), badge(c.stateName, 'state')),
      // A letter both forwarded from above and posted on a mailbox owes two 回复 (第四条㈧): which are still to be sent.
      c.repliesOwed ? h('span', { id: 'case-replies-owed' }, h('b', null, '尚待回复 '), repliesOwedText(c.repliesOwed)) : null,
      categoryFact(c),
      handlingUnitsFact(c),
      h('span', { id: 'case-due' }, h('b', null, '办理时限 '), c.dueDate ?? '—', c.dueDate ? ' ' : null, dueNote(c)),
      // 反映人数 counts writers (one person's re-posts once); the messages are shown beside it when more.
      h('span', { id: 'case-reporters' }, h('b', null, '反映人数 '), String(c.reporterCount), c.messages.length > c.reporterCount ? h('span', { class: 'muted' }, `（留言 ${c.messages.length} 条）`) : null),
      // The hot issue (the offices only): the people who raised it over its cases, and the ledger of them.
      c.hotIssue
        ? h('span', { id: 'case-hot-issue' }, h('b', null, '热点问题 '), h('a', { href: `#/ledger?${new window.URLSearchParams({ hotIssue: c.hotIssue.key })}` }, c.hotIssue.label), h('span', { class: 'muted' }, `（共 ${c.hotIssue.reporters} 人反映${c.hotIssue.counted === false ? `；本案件${c.state === 'merged' ? '已并入其他案件' : '不予受理'}，不计入` : ''}）`))
        : null,
      c.escalated ? badge('专项督查', 'warn') : null,
      c.leaderMarked ? badge('领导重点批示', 'info') : null,
      c.highImpact ? badge('影响较大', 'info') : null,
      c.archivedAt ? badge(`已归档 ${c.archiveVolume ?? ''}`, 'muted') : null,
    ),
  );
  if (c.calendarWarning) view.append(h('div', { class: 'card notice', id: 'calendar-warning' }, c.calendarWarning));
  // A forwarded item whose unit's due date leaves no working day before the 上级办理时限 for 审核 and the 专报.
  if (c.upperDeadlineWarning) view.append(h('div', { class: 'card notice', id: 'upper-deadline-warning' }, c.upperDeadlineWarning));
  if (mergedInto?.intoCaseId) {
    view.append(
      h('div', { class: 'card notice', id: 'merged-into' }, '本案件是重复留言，已并入 ', h('a', { href: `#/case/${encodeURIComponent(mergedInto.intoCaseId)}` }, mergedInto.intoLedgerNo ?? '其他案件'), '，留言和反映人数已转入该案件。'),
    );
  }
  const main = h('div', { class: 'case-main' });
  const forms = actionForms(c, ctx.meta, wfMeta, actionNames, afterStep, ctx.user);
  const actionsHeading = h('h4', { tabindex: '-1' }, '可办理的步骤');
  const side = h('aside', { class: 'case-side' }, h('section', { class: 'card', id: 'case-actions' }, actionsHeading, forms));
  view.append(h('div', { class: 'case-layout' }, main, side));
  // On a narrow screen the steps come after the letter, its records and the whole event log (a
  // leader approving on a phone scrolled some 1,500 px to reach them): the page head leads there.
  // Shown only where the layout is one column (console.css); the steps are beside the letter otherwise.
  const steps = forms.filter((el) => el?.classList?.contains('action')).length;
  if (steps) {
    const jump = () => {
      // Below the pinned header, whose height grows as the menu wraps on a narrow screen.
      const header = document.querySelector('header#top')?.getBoundingClientRect().height ?? 0;
      window.scrollTo({ top: side.getBoundingClientRect().top + window.scrollY - header - 8 });
      actionsHeading.focus({ preventScroll: true });
    };
    view.querySelector('.page-head')?.append(h('button', { type: 'button', class: 'jump-to-actions', id: 'case-jump-actions', onclick: jump }, `可办理的步骤（${steps}）↓`));
  }

  if (primary) {
    main.append(
      h(
        'section',
        { class: 'card' },
        h('h4', null, '留言'),
        h('div', { class: 'meta' }, primary.author ?? '匿名', ' · ', channelNames[primary.channel] ?? primary.channel, ' · ', sourceNames[primary.sourceId] ?? primary.sourceId, forwardingNote(primary), ' · ', postedOn(primary), ' ', originalLink(primary.url)),
        h('h3', null, primary.title),
        h('div', { class: 'message-text', id: 'case-content' }, primary.content),
        siteNow(primary),
      ),
    );
  }
  // What the sites changed after the messages were first collected: status, the published reply, a removal.
  const siteChanges = c.messages.flatMap((m) => (m.changes ?? []).map((x) => ({ ...x, message: m })));
  main.append(
    ...[
      section('网站上的变化', siteChanges, (x) =>
        h(
          'li',
          { class: 'site-change' },
          `${fmtTime(x.changedAt)} `,
          x.message !== primary ? h('span', { class: 'muted' }, `（重复留言：${clip(x.message.title, 30)}）`) : null,
          `${siteFieldNames[x.field] ?? x.field}：${siteValue(x.field, x.oldValue)} → ${siteValue(x.field, x.newValue)} `,
          x.removedFromSite ? badge('网站已删除此留言，内容已保存', 'warn') : null,
          // A change the store made, not the site (a start-up repair): why.
          x.note ? h('div', { class: 'muted site-change-note' }, x.note) : null,
        ),
      ),
    ].filter(Boolean),
  );
  main.append(
    ...[
    section('重复留言', copies, (m) =>
      h(
        'li',
        { class: 'copy', dataset: { messageId: m.id } },
        h('span', { class: 'copy-title' }, m.title),
        h('span', { class: 'muted' }, ` ${m.author ?? '匿名'} · ${channelNames[m.channel] ?? m.channel} · ${sourceNames[m.sourceId] ?? m.sourceId}${forwardingNote(m)} · ${postedOn(m)} · 相似度 ${m.similarity === null ? '—' : Math.round(m.similarity * 100) + '%'}`),
        originalLink(m.url, ' 原文'),
        canSplit ? splitControl(c, m, reload, ctx.user.username) : null,
      ),
    ),
    // Each proposal with the unit and complexity proposed: what the leader agrees to (the case's
    // 承办单位 above is the suggestion until 交办).
    section('拟办意见', c.proposals, (p) =>
      h(
        'li',
        { class: 'proposal', dataset: { proposalId: p.id } },
        h('div', { class: 'proposal-unit' }, h('b', null, '拟交办 '), p.unitName, p.unitActive ? '' : '（已停用）', p.assistUnits?.length ? `，协办：${p.assistUnits.map((u) => u.unit + (u.active ? '' : '（已停用）')).join('、')}` : '', ` · ${complexityNames[p.complexity] ?? p.complexity}`, ' ', badge(p.decision === 'approved' ? '已同意' : p.decision === 'rejected' ? '已退回' : '待审批')),
        h('div', { class: 'message-text' }, `${fmtTime(p.proposedAt)} ${who(p.proposedBy)}：${p.opinion}`),
        // A leader's note says why a proposal came back (退回理由, as the form asked it), or instructs on one agreed (批示).
        p.decisionNote ? h('div', { class: 'muted proposal-note' }, `${p.decision === 'rejected' ? '退回理由' : '批示'}：${p.decisionNote}`) : null,
      ),
    ),
    // 协办意见: internal input to the lead unit and 督查室 (the server sends them only to those, and
    // an assisting unit its own), never published.
    section('协办意见（内部，不公开）', c.assistOpinions ?? [], (o) =>
      h('li', { class: 'assist-opinion', dataset: { unitId: o.unitId } }, h('div', null, h('b', null, o.unit), ` ${fmtTime(o.submittedAt)} ${who(o.submittedBy)}`), h('div', { class: 'message-text' }, o.text)),
    ),
    section('交办', c.assignments, (a) => h('li', null, a.role === 'assist' ? `协办 ${unitNameOf(c, a.unitId)}：` : c.handlingUnits?.assists.length ? `主办 ${unitNameOf(c, a.unitId)}：` : '', `${fmtTime(a.assignedAt)} 交办，${a.workingDays} 个工作日，时限 ${a.dueDate}`, a.dueDate !== a.originalDueDate ? `（原 ${a.originalDueDate}）` : '', ' ', badge(a.statusName), a.returnReason ? h('div', { class: 'muted' }, `退回理由：${a.returnReason}`) : null)),
    section('延期申请', c.extensions, (x) =>
      h(
        'li',
        { class: 'extension', dataset: { decision: x.decision } },
        `${fmtTime(x.requestedAt)} ${who(x.requestedBy)} 申请 ${x.requestedDays} 个工作日：${x.reason} `,
        badge(extensionDecisionNames[x.decision] ?? x.decision, x.decision === 'pending' ? 'warn' : 'muted'),
        h('div', { class: 'muted' }, `进展：${x.progress}`),
        x.decision === 'withdrawn' ? h('div', { class: 'muted' }, `已撤回：${x.answer ?? ''}`) : extensionAnswer(x, who),
      ),
    ),
    section('办理情况与回复', c.reports, (r) =>
      h(
        'li',
        null,
        h('div', null, `${fmtTime(r.submittedAt)} ${who(r.submittedBy)} 报送 `, badge(r.status === 'published' && r.publishChannel === 'upper_report' ? wfMeta.reportSentUpward : (reportStatusNames[r.status] ?? r.status))),
        h('div', { class: 'message-text' }, r.publishedText ?? r.reviewText ?? r.text),
        // The text 督查室 settled at 审核 replaces the unit's in what goes out; the unit's own report
        // stays on the record, for the leader approving and for whoever checks the case later.
        r.reviewText != null && r.reviewText !== r.text ? unitOriginalReport(r.text) : null,
        r.reviewNote ? h('div', { class: 'muted' }, `督查室意见：${r.reviewNote}`) : null,
        r.approvalNote ? h('div', { class: 'muted' }, `领导意见：${r.approvalNote}`) : null,
        revisionNotes[r.id] ? h('div', { class: 'revision-note' }, `退回修改的理由：${revisionNotes[r.id]}`) : null,
        findingsOf(r).length ? h('ul', { class: 'findings' }, findingsOf(r).map((f) => h('li', null, `⚠ ${f.message ?? f.rule ?? JSON.stringify(f)}`, f.excerpt ? `（“${f.excerpt}”）` : ''))) : null,
      ),
    ),
    upperReportLinks(c, ctx.user?.role),
    printLinks(c, ctx.user?.role),
    section('督办记录', c.supervisions, (s) => h('li', null, `${fmtTime(s.at)} ${who(s.actor)}（${kindNames[s.kind] ?? s.kind}）：${s.note}`)),
    section('回访', c.visits, (v) => h('li', null, `${fmtTime(v.visitedAt)} ${who(v.visitedBy)}（${visitMethodNames[v.method] ?? v.method}）：${satisfactionNames[v.satisfaction] ?? v.satisfaction}${v.note ? `，${v.note}` : ''}`)),
    h(
      'section',
      { class: 'card' },
      h('h4', null, '办理过程（事件日志）'),
      h('ol', { class: 'timeline', id: 'timeline' }, c.events.map((e) => h('li', { dataset: { type: e.type } }, h('time', null, fmtTime(e.at)), h('strong', null, eventLabel(e, actionNames, eventNames, c.events)), h('span', { class: 'muted' }, ` ${who(e.actor)}${e.data?.to && e.data.to !== e.data.from ? ` → ${stateNames[e.data.to] ?? e.data.to}` : ''}`), h('div', { class: 'event-data' }, linkedMessage(e, c.messages), eventDetails(e.type, e.data, names), ' ', relatedCaseLink(e.data))))),
    ),
    ].filter(Boolean),
  );
  // Text typed into a form and not sent is kept as a draft in this tab; closing the tab loses it.
  const warn = (e) => {
    if (!hasCaseDrafts(ctx.user.username, c.id)) return;
    e.preventDefault();
    e.returnValue = '';
  };
  window.addEventListener('beforeunload', warn);
  return () => window.removeEventListener('beforeunload', warn);
}

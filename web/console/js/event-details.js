// The details of an event-log row in staff words. Every key the workflow writes into an event's
// data (workflow/: the `event: {...}` of each step and the appendEvent calls) has a Chinese label
// here, coded values their Chinese names, shares are shown as percentages; ids and internals are
// left out, and a key or code not listed here reads as 其他信息 / 其他, never as the raw key.
import { complexityNames, correctedFieldNames, escalationReasonNames, urgencyNames, visitMethodNames } from './names.js';
import { fmtTime } from './dom.js';

/** Ids and internals (a related case gets a link on the page instead). */
const hiddenKeys = new Set(['from', 'to', 'id', 'messages', 'duplicateOf', 'sessionsEnded', 'hotIssueKey', 'upperDeadlineRule']);
const isHidden = (key) => hiddenKeys.has(key) || (key !== 'sourceId' && /Ids?$/.test(key));

// Every MatchKind of dedup/similarity.ts (tests/event-details.test.ts checks the two agree).
export const matchKindNames = { exact: '完全相同', near: '内容相近', contained: '内容包含', 'same-title': '标题相同', reworded: '改写重发（关键词相同）', 'forward-no': '同一转办编号' };
const publishChannelNames = { egov_reply: '区电子政务管理中心网上回复', upper_report: '《印台政务督查专报》上报' };
const alertKindNames = { due_soon: '即将到期', overdue: '已逾期' };
const triggerNames = { overdue: '承办单位未按时办理', returned_repeatedly: '承办单位多次退回（推诿）', always: '重点件', manual: '督查室决定' };
export const originLevelNames = { province: '省级转办', city: '市级转办' };
const yesNo = (v) => (v ? '是' : '否');
const pct = (v) => `${Math.round(v * 100)}%`;
const count = (v) => `${v} 处`;

/**
 * key -> [label, reader, relabel], in the order the facts are shown (the store keeps JSON keys in
 * an order of its own; keys not listed come last). The reader gets (value, eventType) and returns
 * the text (none: the value as it is); relabel, when given, gets the same and returns the label
 * where one key means different things (the channel a message came in by, or a reply went out by).
 */
function readers(names) {
  const coded = (table) => (v) => (typeof v === 'string' ? (table[v] ?? `其他（${v}）`) : String(v));
  const reasonNames = { ...names.outOfScopeReasons, ...escalationReasonNames };
  const reasonsOf = (list) => list.map((x) => (typeof x === 'string' ? x : x?.code)).filter(Boolean).map(coded(reasonNames)).join('、');
  return {
    ledgerNo: ['台账编号'],
    category: ['类别'],
    suggested: ['建议类别'],
    previousCategory: ['原类别'],
    corrected: ['更正', (v) => (Array.isArray(v) ? v.map(coded(correctedFieldNames)).join('、') : String(v))],
    confidence: ['分类置信度', pct],
    outOfScope: ['疑似不予受理', yesNo],
    // The group's label; older events hold the group's key (kind:phrase@day), shown without its parts.
    // A key (registration), or the group that made a case 群众反映较多 (escalate: { key, label, reporters }).
    hotIssue: ['热点问题', (v) => (v && typeof v === 'object' ? `${v.label}（共 ${v.reporters} 人反映）` : String(v).replace(/^[a-z_]+:(.*)(@\d{4}-\d{2}-\d{2}|#\d+)$/, '$1'))],
    sourceId: ['来源', coded(names.sources)],
    channel: ['渠道', (v) => publishChannelNames[v] ?? coded(names.channels)(v), (v) => (publishChannelNames[v] ? '发布方式' : '渠道')],
    matchKind: ['匹配方式', coded(matchKindNames)],
    similarity: ['相似度', pct],
    reporterCount: ['反映人数'],
    messageCount: ['留言条数'],
    splitFromLedgerNo: ['拆分自'],
    newLedgerNo: ['拆分出的新案件'],
    intoLedgerNo: ['并入案件'],
    fromLedgerNo: ['来自案件'],
    repeatsLedgerNo: ['重复已答复的案件'],
    moved: ['转入留言数'],
    // The unit of a step; on 提交协办意见 the assisting unit that gave it.
    unit: ['承办单位', undefined, (_v, type) => (type === 'submit_assist_opinion' ? '协办单位' : '承办单位')],
    // 协办单位 named by 拟办 (names) and given an assignment each by 交办 ({ unit, … } each).
    assistUnits: ['协办单位'],
    assists: ['协办单位', (v) => (Array.isArray(v) ? v.map((a) => (a && typeof a === 'object' ? a.unit : String(a))).filter(Boolean).join('、') : String(v))],
    opinion: ['拟办意见'],
    complexity: ['复杂程度', coded(complexityNames)],
    urgency: ['紧急程度', coded(urgencyNames)],
    assignedDate: ['交办日期'],
    workingDays: ['工作日数'],
    days: ['申请延期（工作日）'],
    progress: ['办理进展'],
    reason: ['理由'],
    reasons: ['理由', (v) => (Array.isArray(v) ? reasonsOf(v) : String(v))],
    previousReasons: ['原不予受理理由', (v) => (Array.isArray(v) ? reasonsOf(v) || '无' : '无')],
    approve: ['决定', (v) => (v ? '同意' : '不同意')],
    grantedDays: ['批准天数'],
    // decide_extension: the day it was granted (a due date already past is extended from this day).
    grantedOn: ['批准日期'],
    calendarYear: ['原因', (v) => `载入 ${v} 年法定节假日安排后重新计算`],
    previousDueDate: ['原办理时限'],
    dueDate: ['办理时限'],
    // assign of an item forwarded by the province or city: the due date is not later than this.
    upperDeadline: ['上级办理时限'],
    // report_upward of a case that also owed an online reply: the 专报 as sent (the report keeps the online reply).
    upperReport: ['上报的《印台政务督查专报》'],
    // due_date_tightened: the day a 转办单's copy brought the 上级办理时限 after 交办.
    upperDeadlineArrivedOn: ['收到上级办理时限日期'],
    // assign / due_date_tightened: no working day is left before the 上级办理时限 for 审核 and the 专报.
    upperDeadlineWarning: ['提示'],
    newDueDate: ['重新办理的时限'],
    redoFrom: ['重新办理起算日'],
    answer: ['答复'],
    // The request's id: the unit reported or returned the case while it was pending.
    withdrawnExtension: ['待答复的延期申请', () => '已自动撤回'],
    onTime: ['按期报送', yesNo, (_v, type) => (type === 'submit_assist_opinion' ? '按期提交' : '按期报送')],
    findings: ['发布前检查提示', count],
    coverage: ['答复对留言要点的覆盖', pct],
    edited: ['督查室修改了答复', yesNo],
    acknowledged: ['确认后仍发布的高风险提示', count],
    // The assisting units' assignments the lead's report (those without an opinion) or return (all) closed.
    closedAssists: ['协办结束', (v, type) => (type === 'return_case' ? `随退回交办结束 ${v} 个协办单位的协办` : `${v} 个协办单位未提交协办意见，协办结束`)],
    satisfaction: ['满意度', coded(names.satisfactions)],
    method: ['回访方式', coded(visitMethodNames)],
    reopened: ['重新交办', (v) => (v && typeof v === 'object' ? `是，新办理时限 ${v.dueDate}（${v.workingDays} 个工作日）` : '否')],
    leaderMarked: ['领导重点批示', yesNo],
    highImpact: ['影响较大', yesNo],
    escalated: ['专项督查', yesNo],
    trigger: ['转专项督查的原因', coded(triggerNames)],
    kind: ['督办方式', (v, type) => (type === 'record_alert' ? coded(alertKindNames)(v) : coded(names.supervisionKinds)(v)), (_v, type) => (type === 'record_alert' ? '预警' : '督办方式')],
    archiveCategory: ['归档类别'],
    archiveVolume: ['案卷'],
    username: ['账号'],
    role: ['角色', coded(names.roles)],
    // A merge's reason, on both cases (the merged one: merge_into; the one it went into: merged_from).
    note: ['说明', undefined, (_v, type) => (type === 'merge_into' || type === 'merged_from' ? '合并理由' : '说明')],
    excludedReason: ['采集时的排除原因'],
    // entered_by_hand (workflow/intake/enter-message.ts): a message staff entered by hand
    originLevel: ['转办层级', coded(originLevelNames)],
    forwardNo: ['转办编号'],
    // forward_reissued (workflow/intake/register-message.ts): the item came again after the answer.
    reissuedOn: ['上级再次转办日期'],
    answeredState: ['再次转办时本案状态', coded({ replied: '已回复', closed: '已回访办结', archived: '已归档' })],
    askedAgainLedgerNo: ['作为新案件办理'],
    // case_created of the case that takes a 转办 item re-issued after the answer.
    reissuedForwardNo: ['上级再次转办（转办编号）'],
    channelNote: ['渠道说明'],
    enteredAt: ['录入时间', (v) => fmtTime(v)],
    // suggestion_updated (workflow/intake/apply-new-suggestion.ts): each case field old → new
    changes: ['建议改变', (v) => suggestionChanges(v, { category: String, outOfScope: yesNo, outOfScopeReasons: reasonsOf, complexity: coded(complexityNames), urgency: coded(urgencyNames), unit: String })],
    keptDecisions: ['保留工作人员的决定', (v) => (Array.isArray(v) ? v.map(coded(correctedFieldNames)).join('、') : String(v))],
    updatedMessages: ['更新建议的留言条数'],
    modelVersion: ['模型版本'],
    previousModelVersion: ['原模型版本'],
  };
}

/** { field: { before, after } } as 类别 咨询 → 投诉，…; a missing value (no unit, no reasons) reads 无. */
function suggestionChanges(changes, readValue) {
  if (!changes || typeof changes !== 'object') return String(changes);
  const text = (field, v) => (v === null || v === undefined || (Array.isArray(v) && v.length === 0) ? '无' : (readValue[field] ?? String)(v));
  return Object.entries(changes)
    .map(([field, c]) => `${correctedFieldNames[field] ?? `其他（${field}）`} ${text(field, c?.before)} → ${text(field, c?.after)}`)
    .join('，');
}

/** Text of a value no reader knows: nested facts in the same words, lists joined. */
function plain(v, table, type) {
  if (typeof v === 'boolean') return yesNo(v);
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map((x) => plain(x, table, type)).join('、');
  if (v && typeof v === 'object') return summarise(v, table, type, '，');
  return String(v);
}

function summarise(data, table, type, separator) {
  const parts = [];
  const order = Object.keys(table);
  const rank = (key) => (order.includes(key) ? order.indexOf(key) : order.length);
  for (const [key, value] of Object.entries(data).sort(([a], [b]) => rank(a) - rank(b))) {
    if (value === null || value === undefined || value === '' || isHidden(key)) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    const [label, read, relabel] = table[key] ?? ['其他信息'];
    const text = read ? read(value, type) : plain(value, table, type);
    if (text === '') continue;
    parts.push(`${relabel ? relabel(value, type) : label}：${text.length > 120 ? `${text.slice(0, 120)}…` : text}`);
  }
  // Staff end their sentences (已到货。): the separator stands in for that punctuation rather than
  // after it (办理进展：…已到货。；理由：… read as a typo).
  return parts.map((part, i) => (i < parts.length - 1 ? part.replace(/[。．.；;，,、!！?？\s]+$/u, '') : part)).join(separator);
}

/**
 * The details of one event as a line of text. `names` holds the API's name tables:
 * { channels, sources, outOfScopeReasons, supervisionKinds, satisfactions, roles } (id -> name).
 */
export function eventDetails(type, data, names) {
  if (!data || typeof data !== 'object') return '';
  return summarise(data, readers(names), type, '；');
}

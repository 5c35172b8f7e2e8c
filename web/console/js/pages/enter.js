// 录入留言 (电子政务中心, admin): a message that came by paper, OA or another channel (省市转办单,
// 微信公众号…) entered by hand. The server records it as a message of the channel's 手工录入 source
// and the pipeline classifies, de-duplicates and registers it as it does a crawled one; the page
// then links to its case (a new case awaiting review, or the case it was linked to as a copy).
// A refused entry keeps everything typed; the server's reason is shown beside the form. A letter
// identical to one entered before (the form sent twice, or again after a network error), or the
// same writer's letter of the same minute typed again with a small difference, is refused
// so one citizen is not counted twice; the page then offers 确为另一位群众的来信, which sends it again
// with allowSame. What is typed and not yet entered is kept as a draft in this tab (drafts.js), so a
// letter copied from paper survives a click on the menu, 返回分类审核 or a reload; an entry taken
// clears it, keeping the channel and level as the form does.
import { api } from '../api.js';
import { loadDraft, saveDraft } from '../drafts.js';
import { clear, field, fmtTime, h, select, toast, setText } from '../dom.js';
import { clearFieldErrors, reportProblems } from '../form-checks.js';

/** Today in Beijing (YYYY-MM-DD): the last day a 留言日期 may be. */
const beijingToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

const levels = [
  { id: 'city', name: '市级转办' },
  { id: 'province', name: '省级转办' },
];

/** The drafts.js key of the form: one draft per user, not tied to a case (none exists yet). */
const draftKey = ['new-message', 'entry'];

/** What the page says after an entry: the case (new, linked as a copy, already entered) or that registration is still to come. */
function resultView(r) {
  const caseLink = (r) => h('a', { href: `#/case/${encodeURIComponent(r.caseId)}`, id: 'entry-case-link' }, r.ledgerNo ?? '查看案件');
  if (r.existing) {
    return h(
      'div',
      { class: 'card notice', id: 'entry-result' },
      h('p', null, `这一转办编号的留言已录入过${r.enteredBy ? `（${r.enteredBy}，${fmtTime(r.enteredAt)}）` : '（由采集取得）'}，未重复录入。`),
      // The entry gave a 上级办理时限 the stored copy lacked, or an earlier one: kept, and the case's due date follows it.
      r.upperDeadlineTaken ? h('p', { id: 'entry-upper-deadline-taken' }, '本次录入的上级办理时限早于原记录（或原记录没有），已更新；案件已交办且承办单位尚未报送的，办理时限随之调整。') : null,
      r.caseId ? h('p', null, '所在案件：', caseLink(r)) : h('p', null, '该留言尚在分类登记中，稍后可在分类审核中看到。'),
    );
  }
  if (r.pending) return h('div', { class: 'card', id: 'entry-result' }, h('p', null, '已录入，正在分类登记（查重后生成案件或并入已有案件），稍后可在分类审核中看到。'));
  if (r.linked) return h('div', { class: 'card', id: 'entry-result' }, h('p', null, '已录入。查重发现与已有案件内容相同或相近，已作为该案件的重复留言并入：', caseLink(r)));
  return h('div', { class: 'card', id: 'entry-result' }, h('p', null, '已录入并生成案件（待审核分类）：', caseLink(r)));
}

export async function renderEntry(view, ctx) {
  const channels = ctx.meta.channels;
  const result = h('div');
  // No channel chosen at first: a hand-entered letter may be a 转办单 or a post from another channel
  // (第三条㈠ 3, 4), and a default left unchanged by mistake would ask for the wrong fields and count
  // the letter under the wrong channel in the bulletin.
  const channel = select('channel', [{ id: '', name: '（请选择渠道）' }, ...channels], '', { id: 'entry-channel' });
  const originLevel = select('originLevel', levels, 'city', { id: 'entry-origin' });
  const forwardNo = h('input', { name: 'forwardNo', id: 'entry-forward-no', maxlength: '100', autocomplete: 'off' });
  const upperDeadline = h('input', { type: 'date', name: 'upperDeadline', id: 'entry-upper-deadline' });
  const channelNote = h('input', { name: 'channelNote', id: 'entry-channel-note', maxlength: '100', placeholder: '如：微信公众号“印台发布”、12345 热线网页' });
  const title = h('input', { name: 'title', id: 'entry-title', maxlength: '2000', required: true });
  const content = h('textarea', { name: 'content', id: 'entry-content', rows: '10', required: true });
  const author = h('input', { name: 'author', id: 'entry-author', maxlength: '500' });
  const postedAt = h('input', { type: 'date', name: 'postedAt', id: 'entry-posted-at', max: beijingToday() });
  const serverError = h('p', { class: 'form-error', id: 'entry-error', role: 'alert' });
  // Shown only after the server refused the letter as (nearly) identical to one entered before (SAME_ENTRY).
  const allowSame = h('input', { type: 'checkbox', name: 'allowSame', id: 'entry-allow-same' });
  // Wrapped: the label's display: inline-flex would show it while hidden.
  const allowSameRow = h('div', { id: 'entry-allow-same-row', hidden: true }, h('label', { class: 'check' }, allowSame, '确为另一位群众的来信（内容相同或几乎相同但由另一人反映，仍录入）'));
  const submit = h('button', { type: 'submit', class: 'primary', id: 'entry-submit' }, '录入');
  // Wrapped: the row's display: flex would show it while hidden.
  const forwardedFields = h('div', null, h('div', { class: 'filters' }, field('转办层级', originLevel), field('转办编号', forwardNo, '转办单上的编号；同一编号只录入一次'), field('上级办理时限', upperDeadline, '转办单上的办理时限，可不填；交办时的时限不晚于此日')));
  const otherFields = h('div', null, field('渠道说明', channelNote, '留言从哪里来'));
  const showChannelFields = () => {
    forwardedFields.hidden = channel.value !== 'forwarded';
    otherFields.hidden = channel.value !== 'other_web';
  };
  const drafted = [channel, originLevel, forwardNo, upperDeadline, channelNote, title, content, author, postedAt];
  const draft = loadDraft(ctx.user.username, ...draftKey);
  for (const input of drafted) if (typeof draft[input.name] === 'string') input.value = draft[input.name];
  const keepDraft = () => saveDraft(ctx.user.username, ...draftKey, Object.fromEntries(drafted.map((input) => [input.name, input.value])));
  channel.addEventListener('change', showChannelFields);
  showChannelFields();

  /**
   * Every problem the page can see before asking the server, in the form's order, all shown at once
   * (the server checks everything again). A date picker gives YYYY-MM-DD or nothing; one left half
   * filled in gives nothing and is said, not sent as no date.
   */
  const problems = () => {
    const found = [];
    if (!channel.value) found.push([channel, '请选择渠道']);
    if (postedAt.validity.badInput) found.push([postedAt, '留言日期不完整：请填写年、月、日，或清空']);
    else if (postedAt.value && postedAt.value > beijingToday()) found.push([postedAt, '留言时间不能晚于现在']);
    if (channel.value === 'forwarded' && !forwardNo.value.trim()) found.push([forwardNo, '请填写转办编号']);
    if (channel.value === 'forwarded' && upperDeadline.validity.badInput) found.push([upperDeadline, '上级办理时限不完整：请填写年、月、日，或清空']);
    if (channel.value === 'other_web' && !channelNote.value.trim()) found.push([channelNote, '请填写渠道说明（如：微信公众号）']);
    if (!title.value.trim()) found.push([title, '请填写标题']);
    if (!content.value.trim()) found.push([content, '请填写内容']);
    return found;
  };

  /** A busy queue registers later than the server waits: the page asks again for a minute, then leaves it to 分类审核. */
  let following = 0;
  const followPending = async (messageId) => {
    const mine = ++following;
    for (let i = 0; i < 30 && mine === following && view.isConnected; i++) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      if (mine !== following || !view.isConnected) return;
      let status;
      try {
        status = await api(`/api/console/messages/${encodeURIComponent(messageId)}`);
      } catch {
        continue;
      }
      if (status.caseId) {
        clear(result).append(resultView({ ...status, existing: false, pending: false }));
        return;
      }
    }
  };

  const form = h(
    'form',
    {
      class: 'card entry-form',
      id: 'entry-form',
      novalidate: true,
      oninput: keepDraft,
      onchange: keepDraft,
      onsubmit: async (event) => {
        event.preventDefault();
        setText(serverError, '');
        following++;
        clear(result);
        if (!reportProblems(form, problems())) return;
        const body = { channel: channel.value, title: title.value, content: content.value, author: author.value, postedAt: postedAt.value };
        if (channel.value === 'forwarded') Object.assign(body, { originLevel: originLevel.value, forwardNo: forwardNo.value, upperDeadline: upperDeadline.value });
        if (channel.value === 'other_web') body.channelNote = channelNote.value;
        if (!allowSameRow.hidden && allowSame.checked) body.allowSame = true;
        submit.disabled = true;
        try {
          const r = await api('/api/console/messages', { method: 'POST', body });
          result.append(resultView(r));
          if (r.existing) {
            toast('该转办编号已录入过，未重复录入', 'warn');
            return;
          }
          toast(r.pending ? '已录入，正在分类登记' : `已录入：${r.ledgerNo}`);
          if (r.pending) followPending(r.messageId);
          // Ready for the next one; the channel and level stay (a batch of 转办单 comes together).
          for (const input of [forwardNo, upperDeadline, title, content, author, postedAt]) input.value = '';
          allowSame.checked = false;
          allowSameRow.hidden = true;
          clearFieldErrors(form);
          // The draft becomes the emptied form: the channel and level only.
          keepDraft();
        } catch (error) {
          // Refused: everything typed stays, with the reason.
          if (error.code === 'SAME_ENTRY') {
            setText(serverError, `${error.message}，未重复录入。如确为另一位群众的来信，请勾选“确为另一位群众的来信”后再点录入。`);
            allowSame.checked = false;
            allowSameRow.hidden = false;
            toast('与已录入的留言相同或几乎相同，未重复录入', 'warn');
            return;
          }
          setText(serverError, error.message);
          toast(error.message, 'error');
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('div', { class: 'filters' }, field('渠道', channel), field('留言日期', postedAt, '可不填；转办单或原留言的日期'), field('留言人', author, '可不填')),
    forwardedFields,
    otherFields,
    field('标题', title),
    field('内容', content),
    serverError,
    allowSameRow,
    h('div', { class: 'actions' }, submit, h('a', { href: '#/review' }, '返回分类审核')),
  );
  view.append(
    h('div', { class: 'page-head' }, h('h2', null, '录入留言')),
    h('p', { class: 'muted' }, '以纸质、OA 转办单或其他网络渠道（微信公众号、论坛、热线网页等）收到的留言，在此录入。录入后与采集的留言一样自动分类、查重，生成案件进入分类审核，或作为重复留言并入已有案件。'),
    form,
    result,
  );
  channel.focus();
}

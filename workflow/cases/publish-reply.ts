/**
 * 回复 (第四条㈧): district items are replied online by the e-government centre; items forwarded
 * by the province or city are reported upward as 《印台政务督查专报》 by the supervision office.
 * The approved text is checked again (第五条㈤): high-severity findings block publication until the
 * publisher acknowledges them explicitly. Nothing in the text is changed.
 */
import { AppError } from '../../core/index.js';
import type { Db } from '../store/index.js';
import type { Actor } from '../users/actor.js';
import { checkReply, isBlocking, replyAudience, type ReviewFinding } from '../review/check-reply.js';
import { chinaDate } from '../calendar/work-calendar.js';
import { runCaseStep } from './case-transaction.js';
import { shownReport } from './shown-report.js';
import { forwardingFacts } from './forwarding-facts.js';
import { repliesOwedBy, repliesStillOwed } from './reply-owed.js';

export interface PublishReplyInput {
  caseId: string;
  /** Publish despite high-severity findings (they are recorded as acknowledged). @default false */
  acknowledgeFindings?: boolean | undefined;
  /**
   * The approved reply the publisher read, and its text as shown: publication puts exactly that
   * text online, so another reply approved meanwhile (sent back, redone, approved again) or a text
   * that differs is refused (409). @default unchecked
   */
  reportId?: string | undefined;
  replyText?: string | undefined;
  actor: Actor;
  now?: Date | undefined;
}

export interface PublishReplyResult {
  reportId: string;
  channel: 'egov_reply' | 'upper_report';
  text: string;
  findings: ReviewFinding[];
  /** 《印台政务督查专报》, for forwarded items. */
  upperReport?: string | undefined;
}

/**
 * Sends the approved reply the way a case owes it (reply-owed.ts): `upper_report` (《印台政务督查专报》,
 * by the supervision office) or `egov_reply` (online, by the e-government centre). A case whose
 * messages owe both stays 领导已审批待回复 after the first, its report still approved and naming the
 * channel sent; the second sends the other and the case is 已回复. The report's publishedText is then
 * the online reply, and the 专报 as sent is kept on its event (upperReport). Which of the two a call
 * sends follows the actor: the supervision office the 专报, the e-government centre the online reply
 * (state-machine.ts refuses the other role, as it always did).
 */
export async function publishReply(db: Db, input: PublishReplyInput): Promise<PublishReplyResult> {
  const head = await db.case.findUnique({ where: { id: input.caseId }, select: { id: true, channel: true, state: true } });
  const owed = head?.state === 'reply_approved' ? await repliesStillOwed(db, head) : repliesOwedBy([], head?.channel ?? '');
  const action = owed.upperReport && (!owed.onlineReply || input.actor.role === 'supervision') ? 'report_upward' : 'publish_reply';
  const shown = input.reportId ? shownReport(input.reportId, 'approved', input.replyText) : undefined;
  return runCaseStep(db, { caseId: input.caseId, action, actor: input.actor, now: input.now, shown }, async ({ tx, case: c, rule, now }) => {
    const channel = action === 'report_upward' ? 'upper_report' : 'egov_reply';
    const report = await tx.handlingReport.findFirst({ where: { caseId: c.id, status: 'approved' }, orderBy: { submittedAt: 'desc' } });
    if (!report) throw new AppError('CONFLICT', '没有经领导审批的答复');
    // Still approved while the other 回复 of a case owing both is to be sent (the rule keeps the state).
    const last = rule.to !== 'reply_approved';
    // The other 回复 already sent for this approved reply (only a case owing both has one), so a case
    // owes both when this is its first (the state stays) or its second (the other is named).
    const sentBefore = report.publishChannel;
    const dual = !last || sentBefore !== null;
    const text = report.reviewText ?? report.text;
    const message = await tx.message.findUnique({ where: { id: c.primaryMessageId } });
    // Checked for where it goes: the online reply as the public reads it, the 专报 as the upper level does.
    const { findings } = checkReply(text, message ?? undefined, { audience: replyAudience(channel === 'upper_report' ? 'forwarded' : 'district_mailbox') });
    const blocking = findings.filter(isBlocking);
    if (blocking.length > 0 && !input.acknowledgeFindings) {
      throw new AppError('CONFLICT', `答复存在 ${blocking.length} 处高风险措辞，请修改或确认后再发布：${blocking.map((f) => f.message).join('；')}`, {
        details: { findings },
      });
    }
    const unit = await tx.unit.findUnique({ where: { id: report.unitId } });
    let upperReport: string | undefined;
    if (channel === 'upper_report') {
      const [facts, assignment] = await Promise.all([forwardingFacts(tx, c), tx.assignment.findUnique({ where: { id: report.assignmentId } })]);
      upperReport = renderUpperReport({
        ledgerNo: c.ledgerNo,
        title: c.title,
        forwardNo: facts?.forwardNo ?? null,
        originLevel: facts?.originLevel ?? null,
        upperDeadline: facts?.upperDeadline ?? null,
        author: message?.author ?? null,
        postedOn: message?.postedAt ? chinaDate(message.postedAt) : null,
        question: message?.content ?? '',
        unit: unit?.name ?? report.unitId,
        assignedOn: assignment?.assignedDate ?? null,
        reportedOn: chinaDate(report.submittedAt),
        text,
        date: chinaDate(now),
      });
    }
    // A case owing both: the report keeps the online reply as published; the 专报 is on the event.
    const keepsOnline = channel === 'upper_report' && sentBefore === 'egov_reply';
    await tx.handlingReport.update({
      where: { id: report.id },
      data: {
        status: last ? 'published' : 'approved',
        publishChannel: keepsOnline ? 'egov_reply' : channel,
        ...(keepsOnline ? {} : { publishedText: upperReport ?? text, publishedBy: input.actor.username, publishedAt: now }),
        acknowledged: blocking.length > 0 ? (blocking as object[]) : undefined,
      },
    });
    return {
      event: { reportId: report.id, channel, findings: findings.length, acknowledged: blocking.length, ...(dual && upperReport ? { upperReport } : {}) },
      result: { reportId: report.id, channel, text, findings, upperReport },
    };
  });
}

/** What 《印台政务督查专报》 says; dates are China dates (YYYY-MM-DD), null when not known. */
export interface UpperReportFacts {
  ledgerNo: string;
  title: string;
  forwardNo: string | null;
  /** The level that forwarded the item (转办层级). */
  originLevel: 'province' | 'city' | null;
  /** The upper level's own 办理时限 from its 转办单. */
  upperDeadline: string | null;
  author: string | null;
  postedOn: string | null;
  question: string;
  unit: string;
  /** 交办: the day the unit was given the work; 报送: the day it reported what it did. */
  assignedOn: string | null;
  reportedOn: string | null;
  text: string;
  date: string;
}

const originLevelNames = { province: '省级转办', city: '市级转办' } as const;

/** A date as a government document writes it: 2026年11月4日. */
export function documentDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${Number(y)}年${Number(m)}月${Number(d)}日`;
}

/**
 * The text of 《印台政务督查专报》 for an item forwarded from above (第四条㈧): whose 转办单 it
 * answers (转办编号, 转办层级, 上级办理时限), the citizen's letter, who handled it and when (交办,
 * 报送), and the handling as approved. A line part not known is left out rather than written empty.
 */
export function renderUpperReport(r: UpperReportFacts): string {
  const line = (...parts: (string | false | null)[]) => parts.filter((p): p is string => Boolean(p)).join('\u3000');
  return [
    '印台政务督查专报',
    `区政府督查室\u3000\u3000${documentDate(r.date)}`,
    '',
    line(`台账编号：${r.ledgerNo}`, r.forwardNo && `转办编号：${r.forwardNo}`),
    line(r.originLevel && `转办层级：${originLevelNames[r.originLevel]}`, r.upperDeadline && `上级办理时限：${documentDate(r.upperDeadline)}`),
    line(r.author && `留言人：${r.author}`, r.postedOn && `留言时间：${documentDate(r.postedOn)}`),
    `留言标题：${r.title}`,
    `留言内容：${r.question}`,
    line(`承办单位：${r.unit}`, r.assignedOn && `交办时间：${documentDate(r.assignedOn)}`, r.reportedOn && `报送时间：${documentDate(r.reportedOn)}`),
    '办理情况：',
    r.text,
  ]
    .filter((l, i) => l !== '' || i === 2)
    .join('\n');
}

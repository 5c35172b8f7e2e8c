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

export async function publishReply(db: Db, input: PublishReplyInput): Promise<PublishReplyResult> {
  const head = await db.case.findUnique({ where: { id: input.caseId }, select: { channel: true } });
  const action = head?.channel === 'forwarded' ? 'report_upward' : 'publish_reply';
  const shown = input.reportId ? shownReport(input.reportId, 'approved', input.replyText) : undefined;
  return runCaseStep(db, { caseId: input.caseId, action, actor: input.actor, now: input.now, shown }, async ({ tx, case: c, now }) => {
    const report = await tx.handlingReport.findFirst({ where: { caseId: c.id, status: 'approved' }, orderBy: { submittedAt: 'desc' } });
    if (!report) throw new AppError('CONFLICT', '没有经领导审批的答复');
    const text = report.reviewText ?? report.text;
    const message = await tx.message.findUnique({ where: { id: c.primaryMessageId } });
    const { findings } = checkReply(text, message ?? undefined, { audience: replyAudience(c.channel) });
    const blocking = findings.filter(isBlocking);
    if (blocking.length > 0 && !input.acknowledgeFindings) {
      throw new AppError('CONFLICT', `答复存在 ${blocking.length} 处高风险措辞，请修改或确认后再发布：${blocking.map((f) => f.message).join('；')}`, {
        details: { findings },
      });
    }
    const channel = c.channel === 'forwarded' ? 'upper_report' : 'egov_reply';
    const unit = await tx.unit.findUnique({ where: { id: report.unitId } });
    const upperReport =
      channel === 'upper_report'
        ? renderUpperReport({
            ledgerNo: c.ledgerNo,
            title: c.title,
            forwardNo: (message?.forwarding as { forwardNo?: string } | null)?.forwardNo ?? null,
            question: message?.content ?? '',
            unit: unit?.name ?? report.unitId,
            text,
            date: chinaDate(now),
          })
        : undefined;
    await tx.handlingReport.update({
      where: { id: report.id },
      data: {
        status: 'published',
        publishChannel: channel,
        publishedText: upperReport ?? text,
        publishedBy: input.actor.username,
        publishedAt: now,
        acknowledged: blocking.length > 0 ? (blocking as object[]) : undefined,
      },
    });
    return {
      event: { reportId: report.id, channel, findings: findings.length, acknowledged: blocking.length },
      result: { reportId: report.id, channel, text, findings, upperReport },
    };
  });
}

/** The text of 《印台政务督查专报》 for an item forwarded from above. */
export function renderUpperReport(r: { ledgerNo: string; title: string; forwardNo: string | null; question: string; unit: string; text: string; date: string }): string {
  return [
    '印台政务督查专报',
    `区政府督查室\u3000\u3000${r.date}`,
    '',
    `台账编号：${r.ledgerNo}${r.forwardNo ? `\u3000转办编号：${r.forwardNo}` : ''}`,
    `留言标题：${r.title}`,
    `留言内容：${r.question}`,
    `承办单位：${r.unit}`,
    '办理情况：',
    r.text,
  ].join('\n');
}

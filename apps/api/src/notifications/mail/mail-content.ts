import { STAGE_LABELS, type EvaluationStatus } from '@hyoka/domain';
import type { NotificationKind } from '@hyoka/projections';

/** What a mail says of one notification. */
export interface MailNotification {
  kind: NotificationKind;
  itemId: string;
  itemName: string;
  fiscalYear: number;
  stage: EvaluationStatus;
  actorName: string | null;
  reason: string | null;
  dueDate: string | null;
  days: number | null;
}

const yearLabel = (fy: number) => `令和${fy - 2018}年度`;

/** One line naming what happened, in Japanese (the subject of an immediate mail, a line of a digest). */
export function headline(n: MailNotification): string {
  const item = `${n.itemId}「${n.itemName}」(${yearLabel(n.fiscalYear)})`;
  const stage = STAGE_LABELS[n.stage];
  switch (n.kind) {
    case 'waiting':
      return `${item}があなたの対応を待っています(${stage})`;
    case 'returned':
      return `${item}が差し戻されました(${stage})`;
    case 'approved':
      return `${item}が承認されました`;
    case 'finalized':
      return `${item}の総合評価が確定しました`;
    case 'dueSoon':
      return `${item}の期限(${n.dueDate})まであと${n.days}日です(${stage})`;
    case 'overdue':
      return `${item}は期限(${n.dueDate})を${n.days}日過ぎています(${stage})`;
    case 'replied':
      return `${item}であなたのコメントに返信がありました(${stage})`;
    case 'opinion':
      return `${item}に推進会議の意見が出されました(${stage})`;
  }
}

const link = (baseUrl: string, n: MailNotification) => `${baseUrl.replace(/\/$/, '')}/evaluations/${encodeURIComponent(n.itemId)}/${n.fiscalYear}`;

function details(n: MailNotification, baseUrl: string): string[] {
  return [
    `・${headline(n)}`,
    ...(n.actorName ? [`  操作した人: ${n.actorName}`] : []),
    ...(n.reason ? [`  理由: ${n.reason}`] : []),
    `  ${link(baseUrl, n)}`,
  ];
}

const FOOTER = ['', '-- ', 'Hyoka(評価) 中期経営計画 進行管理・評価システム', '通知の受け取り方は Hyoka の「通知設定」で変更できます。'];

/** An immediate mail: one notification. */
export function immediateMail(n: MailNotification, recipientName: string, baseUrl: string): { subject: string; text: string } {
  return {
    subject: `【Hyoka】${headline(n)}`,
    text: [`${recipientName} 様`, '', ...details(n, baseUrl), ...FOOTER].join('\n'),
  };
}

/** The daily digest (1日1回のまとめ): the day's notifications in one mail. */
export function digestMail(ns: readonly MailNotification[], recipientName: string, baseUrl: string, jstDate: string): { subject: string; text: string } {
  return {
    subject: `【Hyoka】${jstDate} のお知らせ(${ns.length}件)`,
    text: [`${recipientName} 様`, '', `${jstDate} までのお知らせは次の${ns.length}件です。`, '', ...ns.flatMap((n) => details(n, baseUrl)), ...FOOTER].join('\n'),
  };
}

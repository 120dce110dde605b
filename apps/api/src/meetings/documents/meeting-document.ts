import { COMMITTEE_OFFICE_LABELS, MEETING_STATUS_LABELS, STAGE_LABELS, formatFiscalYear, type CommitteeOffice, type Grade, type MeetingState } from '@hyoka/domain';
import type { BoardRow, DepartmentNames, MeetingDecision } from '@hyoka/projections';
import type { ReportStamp } from '../../reports/annual-report.js';
import { summarize } from '../../evaluations/evaluation-view.js';
import { bodyLabelOf } from '../queries/get-meetings.query.js';

/** 議事次第 (the agenda, before the session) or 議事録 (the minutes, what happened in it). */
export const MEETING_DOCUMENT_KINDS = ['agenda', 'minutes'] as const;
export type MeetingDocumentKind = (typeof MEETING_DOCUMENT_KINDS)[number];
export const MEETING_DOCUMENT_TITLES: Readonly<Record<MeetingDocumentKind, string>> = { agenda: '議事次第', minutes: '議事録' };

export interface DocumentPerson {
  userId: string;
  displayName: string;
  /** 理事・評議員・監事 for a committee member whose office is recorded */
  officeLabel: string | null;
}

export interface DocumentAgendaItem {
  itemId: string;
  itemName: string;
  /** the evaluation's stage as of the document's position */
  stageLabel: string;
  /** 総合評価(案) from the 管理職会議, once forwarded */
  proposedGrade: Grade | null;
}

export interface DocumentDecision {
  itemId: string;
  itemName: string;
  type: string;
  /** e.g. 総合評価 A(計画通り) で確定(第1版) */
  summary: string;
  /** the grade decided: 総合評価 when finalised, 総合評価(案) when forwarded */
  grade: Grade | null;
  /** the rationale and the reason given with it */
  reason: string | null;
  by: string;
  at: string;
}

export interface DocumentHearing {
  itemId: string;
  itemName: string;
  heardOn: string;
  departmentName: string;
  people: string[];
  summary: string;
}

/** A session's agenda or minutes as one log position shows it: what the print page and the .docx both lay out. */
export interface MeetingDocument {
  kind: MeetingDocumentKind;
  /** e.g. 評価検証委員会 議事次第 */
  title: string;
  meetingId: string;
  bodyLabel: string;
  fiscalYearLabel: string;
  date: string;
  place: string;
  statusLabel: string;
  chair: DocumentPerson;
  invited: DocumentPerson[];
  present: DocumentPerson[];
  /** the invited who were not recorded present (minutes only make sense of it once attendance is recorded) */
  absent: DocumentPerson[];
  quorum: number | null;
  agenda: DocumentAgendaItem[];
  minutes: string | null;
  decisions: DocumentDecision[];
  hearings: DocumentHearing[];
  stamp: ReportStamp;
}

export interface ComposeMeetingDocumentInput {
  kind: MeetingDocumentKind;
  /** the session folded from its stream up to the stamp's position */
  meeting: Exclude<MeetingState, { status: 'NotScheduled' }>;
  /** the decisions and hearings recorded in it up to the stamp's position, in log order */
  decisions: readonly MeetingDecision[];
  /** the board of the session's year as of the stamp's position */
  board: readonly BoardRow[];
  nameOf: (userId: string) => string;
  officeOf: (userId: string) => CommitteeOffice | null;
  /** the plan's 部, id → name */
  departments: DepartmentNames;
  quorum: number | null;
  stamp: ReportStamp;
}

const text = (data: Record<string, unknown>, key: string): string | null => (typeof data[key] === 'string' ? (data[key] as string) : null);

/** Pure: the 議事次第 or 議事録 of one session. */
export function composeMeetingDocument(input: ComposeMeetingDocumentInput): MeetingDocument {
  const { kind, meeting, board, nameOf, officeOf, stamp } = input;
  const rows = new Map(board.map((r) => [r.itemId, r]));
  const itemName = (itemId: string) => rows.get(itemId)?.itemName ?? itemId;
  const person = (userId: string): DocumentPerson => {
    const office = officeOf(userId);
    return { userId, displayName: nameOf(userId), officeLabel: office ? COMMITTEE_OFFICE_LABELS[office] : null };
  };
  const bodyLabel = bodyLabelOf(meeting, input.departments);
  const decisions = input.decisions.filter((d) => d.type !== 'HearingRecorded');
  return {
    kind,
    title: `${bodyLabel} ${MEETING_DOCUMENT_TITLES[kind]}`,
    meetingId: meeting.meetingId,
    bodyLabel,
    fiscalYearLabel: formatFiscalYear(meeting.fiscalYear),
    date: meeting.date,
    place: meeting.place,
    statusLabel: MEETING_STATUS_LABELS[meeting.status],
    chair: person(meeting.chairId),
    invited: meeting.invited.map(person),
    present: meeting.present.map(person),
    absent: meeting.invited.filter((id) => !meeting.present.includes(id)).map(person),
    quorum: input.quorum,
    agenda: meeting.agenda.map((itemId) => {
      const row = rows.get(itemId);
      const stage = row?.status ?? 'NotStarted';
      return { itemId, itemName: itemName(itemId), stageLabel: STAGE_LABELS[stage], proposedGrade: row?.proposedGrade ?? null };
    }),
    minutes: meeting.minutes,
    decisions: decisions.map((d) => {
      const grade = (text(d.data, 'overallGrade') ?? (d.type === 'EvaluationForwardedToCommittee' ? text(d.data, 'proposedGrade') : null)) as Grade | null;
      const reasons = [text(d.data, 'rationale'), text(d.data, 'reason')].filter((r): r is string => r !== null && r !== '');
      return {
        itemId: d.itemId,
        itemName: itemName(d.itemId),
        type: d.type,
        summary: summarize(d, input.departments),
        grade,
        reason: reasons.length ? reasons.join(' / ') : null,
        by: nameOf(d.actor),
        at: d.occurredAt,
      };
    }),
    hearings: input.decisions
      .filter((d) => d.type === 'HearingRecorded')
      .map((d) => {
        const departmentId = text(d.data, 'departmentId') ?? '';
        return {
          itemId: d.itemId,
          itemName: itemName(d.itemId),
          heardOn: text(d.data, 'heardOn') ?? '',
          departmentName: input.departments.get(departmentId) ?? departmentId,
          people: Array.isArray(d.data['people']) ? (d.data['people'] as string[]) : [],
          summary: text(d.data, 'summary') ?? '',
        };
      }),
    stamp,
  };
}

/** e.g. 議事録_評価検証委員会_2026-05-20_p1234.docx */
export const meetingDocumentFileName = (doc: MeetingDocument): string =>
  `${MEETING_DOCUMENT_TITLES[doc.kind]}_${doc.bodyLabel}_${doc.date}_p${doc.stamp.position}.docx`;

/** Where the same document (same log position) downloads as .docx; the session cookie authorises it. */
export const meetingDocumentDocxUrl = (doc: Pick<MeetingDocument, 'kind' | 'meetingId' | 'stamp'>): string =>
  `/exports/meetings/${encodeURIComponent(doc.meetingId)}/${doc.kind}.docx?position=${doc.stamp.position}`;

/** A person as the documents print them: 氏名（監事）. */
export const personLine = (p: DocumentPerson): string => (p.officeLabel ? `${p.displayName}（${p.officeLabel}）` : p.displayName);

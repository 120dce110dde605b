/**
 * 会議 (docs/design.md "Meetings"): a session of one body — the 推進会議 of a 部, the 管理職会議 or the 評価検証委員会 —
 * with its date, place, chair, the members invited, the agenda (evaluations waiting at that body), the attendance as it
 * happened and the minutes (議事録). Stream meeting-<meetingId>.
 */
export const MEETING_BODIES = ['promotionMeeting', 'managersMeeting', 'committee'] as const;
export type MeetingBody = (typeof MEETING_BODIES)[number];
export const isMeetingBody = (value: unknown): value is MeetingBody => (MEETING_BODIES as readonly unknown[]).includes(value);
export const MEETING_BODY_LABELS: Readonly<Record<MeetingBody, string>> = {
  promotionMeeting: '推進会議',
  managersMeeting: '管理職会議',
  committee: '評価検証委員会',
};

export const MEETING_STATUSES = ['Scheduled', 'Open', 'Closed'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_STATUS_LABELS: Readonly<Record<MeetingStatus, string>> = { Scheduled: '開催予定', Open: '開催中', Closed: '終了' };

/**
 * 定足数: the number of members who must be present for the committee to decide — the configured number
 * (HYOKA_COMMITTEE_QUORUM), or by default a majority of the members invited.
 */
export function quorumOf(meeting: { invited: readonly string[] }, configured: number | null): number {
  return configured ?? Math.floor(meeting.invited.length / 2) + 1;
}


import type { ReviewBody } from '../types.js';

/** English code names of the document's Japanese names (README glossary). */

export const DIVISION_IDS: Readonly<Record<string, string>> = {
  法人経営部門: 'corporate-management',
  '施設・介護サービス部門': 'facility-care',
  地域福祉推進部門: 'community-welfare',
  生活支援推進部門: 'livelihood-support',
};

export const DEPARTMENT_IDS: Readonly<Record<string, string>> = {
  総務部: 'general-affairs',
  地域福祉部: 'community-welfare',
  生活支援部: 'livelihood-support',
};

export const REVIEW_BODY_IDS: Readonly<Record<string, { id: string; kind: ReviewBody['kind'] }>> = {
  管理職会議: { id: 'managers-meeting', kind: 'ManagersMeeting' },
  総務推進会議: { id: 'general-affairs-meeting', kind: 'PromotionMeeting' },
  地域福祉推進会議: { id: 'community-welfare-meeting', kind: 'PromotionMeeting' },
  生活支援推進会議: { id: 'livelihood-support-meeting', kind: 'PromotionMeeting' },
  評価検証委員会: { id: 'evaluation-committee', kind: 'EvaluationCommittee' },
};

/**
 * Which 推進会議 reviews each 部門. The document pairs them only by name (法人経営 ↔ 総務, 地域福祉推進 ↔ 地域福祉,
 * 生活支援推進 ↔ 生活支援); it names none for 施設・介護サービス, so that one is a configurable default.
 */
export const DIVISION_PROMOTION_MEETINGS: Readonly<Record<string, { meetingId: string; configurable: boolean }>> = {
  'corporate-management': { meetingId: 'general-affairs-meeting', configurable: false },
  'facility-care': { meetingId: 'general-affairs-meeting', configurable: true },
  'community-welfare': { meetingId: 'community-welfare-meeting', configurable: false },
  'livelihood-support': { meetingId: 'livelihood-support-meeting', configurable: false },
};

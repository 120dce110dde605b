import { registerEnumType } from '@nestjs/graphql';

/** GraphQL enums mirror the domain's string unions; the values are the domain's own code names. */
export enum EvaluationStage {
  NotStarted = 'NotStarted',
  Draft = 'Draft',
  PromotionMeetingReview = 'PromotionMeetingReview',
  ManagersMeetingReview = 'ManagersMeetingReview',
  CommitteeReview = 'CommitteeReview',
  Finalized = 'Finalized',
}
registerEnumType(EvaluationStage, {
  name: 'EvaluationStage',
  description: '作成中 → 推進会議審査 → 管理職会議審査 → 評価検証委員会審査 → 確定 (NotStarted: 未着手)',
});

export enum Grade {
  A = 'A',
  B = 'B',
  C = 'C',
  D = 'D',
}
registerEnumType(Grade, { name: 'Grade', description: 'A 計画通り, B ほぼ計画通り, C やや遅れている, D 遅れている' });

export enum Direction {
  higherIsBetter = 'higherIsBetter',
  lowerIsBetter = 'lowerIsBetter',
}
registerEnumType(Direction, { name: 'Direction', description: '定量評価の向き: 高いほど良い / 低いほど良い' });

export enum TargetKind {
  quantitative = 'quantitative',
  qualitative = 'qualitative',
}
registerEnumType(TargetKind, { name: 'TargetKind', description: '定量 (数値目標あり) / 定性のみ' });

export enum Role {
  Staff = 'Staff',
  DepartmentHead = 'DepartmentHead',
  Manager = 'Manager',
  SecretaryGeneral = 'SecretaryGeneral',
  CommitteeMember = 'CommitteeMember',
  Auditor = 'Auditor',
  Admin = 'Admin',
}
registerEnumType(Role, { name: 'Role', description: '担当職員, 部長, 管理職, 事務局長, 評価検証委員, 監査, 管理者' });

export enum RouteAction {
  Submitted = 'Submitted',
  Recalled = 'Recalled',
  Approved = 'Approved',
  Returned = 'Returned',
  ForwardedToCommittee = 'ForwardedToCommittee',
  Finalized = 'Finalized',
  Reopened = 'Reopened',
}
registerEnumType(RouteAction, { name: 'RouteAction', description: '提出, 引き戻し, 承認, 差し戻し, 委員会へ送付, 確定, 再開' });

export enum VersionKind {
  submission = 'submission',
  proposal = 'proposal',
  decision = 'decision',
}
registerEnumType(VersionKind, { name: 'VersionKind', description: '提出 / 総合評価(案) / 総合評価 の時点の版' });

export enum EvaluationAction {
  SetTarget = 'SetTarget',
  SaveSelfEvaluation = 'SaveSelfEvaluation',
  SubmitEvaluation = 'SubmitEvaluation',
  RecallEvaluation = 'RecallEvaluation',
  CommentOnEvaluation = 'CommentOnEvaluation',
  ApproveEvaluation = 'ApproveEvaluation',
  ReturnEvaluation = 'ReturnEvaluation',
  ForwardToCommittee = 'ForwardToCommittee',
  FinalizeEvaluation = 'FinalizeEvaluation',
  ReopenEvaluation = 'ReopenEvaluation',
}
registerEnumType(EvaluationAction, { name: 'EvaluationAction', description: '評価に対する操作 (mutations)' });

import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum LogProblem {
  hashMismatch = 'hash-mismatch',
  chainBroken = 'chain-broken',
  revisionGap = 'revision-gap',
  reordered = 'reordered',
  unreadable = 'unreadable',
  missingPosition = 'missing-position',
}
registerEnumType(LogProblem, {
  name: 'LogProblem',
  description:
    'hashMismatch 内容がハッシュと一致しない / chainBroken 前のイベントのハッシュとつながらない / revisionGap リビジョンの欠落 / reordered 順序の入れ替わり / unreadable 読み取れない / missingPosition 削除されたイベント (位置の欠落、ログの末尾の削除)',
});

export enum DigestProblem {
  digestMismatch = 'digest-mismatch',
  logShorter = 'log-shorter',
  logBroken = 'log-broken',
}
registerEnumType(DigestProblem, {
  name: 'DigestProblem',
  description: 'digestMismatch 同じ位置までのダイジェストが異なる / logShorter ログがその位置まで届かない / logBroken その位置までの検証で破損が見つかった',
});

@ObjectType('LogDigestResult', { description: 'イベントストア全体のダイジェスト (議事録などに印字し、後で照合する)' })
export class LogDigestResultModel {
  @Field(() => String, { description: 'ダイジェストが覆う最後の位置' })
  position!: string;

  @Field(() => Int, { description: 'その位置までのイベント数' })
  events!: number;

  @Field(() => String, { description: '印字用の文字列 hyoka-log:v1:<位置>:<件数>:<SHA-256>' })
  digest!: string;
}

@ObjectType('LogVerification', { description: '改ざん検証の結果: OK、または最初に壊れている箇所' })
export class LogVerificationModel {
  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => Int, { description: '問題なしと確かめたイベント数 (壊れている場合はその手前まで)' })
  events!: number;

  @Field(() => Int, { nullable: true, description: 'OK のとき: ストリーム数' })
  streams!: number | null;

  @Field(() => String, { nullable: true, description: 'OK のとき: 検証した最後の位置' })
  head!: string | null;

  @Field(() => LogDigestResultModel, { nullable: true, description: 'OK のとき: 検証した範囲のダイジェスト (各ハッシュを再計算済み)' })
  digest!: LogDigestResultModel | null;

  @Field(() => LogProblem, { nullable: true })
  problem!: LogProblem | null;

  @Field(() => String, { nullable: true, description: '壊れている箇所のストリーム' })
  stream!: string | null;

  @Field(() => String, { nullable: true, description: '壊れている箇所のリビジョン' })
  revision!: string | null;

  @Field(() => String, { nullable: true, description: '壊れている箇所の位置' })
  position!: string | null;

  @Field(() => String, { nullable: true, description: '本来あるべき値 (ハッシュ、またはリビジョン)' })
  expected!: string | null;

  @Field(() => String, { nullable: true, description: '実際に記録されている値' })
  found!: string | null;

  @Field(() => String, { description: '結果の説明' })
  message!: string;
}

@ObjectType('DigestCheckResult', { description: '印字されたダイジェストと現在のログとの照合結果' })
export class DigestCheckResultModel {
  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => LogDigestResultModel, { description: '照合したダイジェスト' })
  digest!: LogDigestResultModel;

  @Field(() => DigestProblem, { nullable: true })
  problem!: DigestProblem | null;

  @Field(() => LogDigestResultModel, { nullable: true, description: '現在のログが同じ位置までで与えるダイジェスト' })
  found!: LogDigestResultModel | null;

  @Field(() => LogVerificationModel, { nullable: true, description: 'その位置までに見つかった最初の破損箇所' })
  broken!: LogVerificationModel | null;

  @Field(() => String)
  message!: string;
}

export enum IntegrityState {
  CHECKING = 'CHECKING',
  OK = 'OK',
  BROKEN = 'BROKEN',
}
registerEnumType(IntegrityState, {
  name: 'IntegrityState',
  description: 'CHECKING 起動時の検証中 / OK 検証済み / BROKEN 改ざんまたは破損を検出 (報告書にダイジェストを付けられない)',
});

@ObjectType({ description: 'ログの検証で見つかった最初の問題' })
export class IntegrityFailureModel {
  @Field(() => String, { description: '問題の位置' })
  position!: string;

  @Field(() => String, { nullable: true, description: '問題のストリーム (わかる場合)' })
  stream!: string | null;

  @Field(() => String, { description: '問題の説明' })
  reason!: string;
}

@ObjectType({ description: 'サーバーが常に確かめているイベントログの状態 (監査・管理者・評価検証委員)' })
export class IntegrityStatusModel {
  @Field(() => IntegrityState)
  state!: IntegrityState;

  @Field(() => String, { description: 'この位置まで検証済み (各ハッシュを再計算済み)' })
  verifiedUpTo!: string;

  @Field(() => IntegrityFailureModel, { nullable: true })
  failure!: IntegrityFailureModel | null;
}

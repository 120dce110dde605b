import { Command, InvalidArgumentError } from 'commander';
import { InvalidOptionsError, checkDigest, logDigest, parseLogDigest, verifyLog, type VerifyProblem } from '@hyoka/event-store';
import { EXIT, UsageError } from '../errors.js';
import { run } from '../support/command.js';
import { line, type Io } from '../support/output.js';
import { ProgressBar } from '../support/progress.js';
import { withStore } from '../support/settings.js';
import { checkEvidence, evidenceDirFor, referencedEvidence, type EvidenceCheck } from '../support/evidence.js';

const PROBLEM_LABELS: Record<VerifyProblem, string> = {
  'hash-mismatch': '内容が記録されたハッシュと一致しません / its content does not yield its recorded hash',
  'chain-broken': '直前のイベントのハッシュとつながっていません / it does not chain to the previous event of its stream',
  'revision-gap': 'ストリームのリビジョンが欠けています / the stream skips a revision',
  reordered: 'イベントの順序が入れ替わっています / it is out of order',
  unreadable: 'イベントを読み取れません / it cannot be read',
  'missing-position': 'この位置のイベントが削除されています / the event at this position was removed',
};

function parsePosition(text: string): bigint {
  if (!/^(0|[1-9]\d*)$/.test(text.trim())) throw new InvalidArgumentError('0以上の整数 / an integer >= 0');
  return BigInt(text.trim());
}

export function integrityCommands(io: Io): Command[] {
  const verify = new Command('verify')
    .summary('ログの改ざん検知 (ハッシュチェーンの検証) / verify the log\'s hash chains')
    .description(
      'イベントストアのログを最初から読み、各ストリームのハッシュチェーン (SHA-256、RFC 8785 正規化) を確かめます。\n' +
        'OK ならダイジェストを、壊れていれば最初の箇所 (ストリーム・リビジョン・位置・期待値・実際の値) を表示します。\n' +
        'Reads the log from the start and checks every stream\'s hash chain; prints OK with the digest, or the first broken\n' +
        'place (stream, revision, position, expected and found). Exit code 3 when the log is broken.',
    )
    .option('--up-to <position>', 'この位置まで検証 / verify only up to this position', parsePosition)
    .action(
      run<{ upTo?: bigint }, []>(io, async (ctx) =>
        withStore(ctx.settings.store, {}, async (store) => {
          const head = ctx.options.upTo ?? (await store.headPosition());
          const bar = new ProgressBar(io.err, { label: 'verify', from: 0n, to: head });
          let seen = 0;
          const result = await verifyLog(store, {
            ...(ctx.options.upTo !== undefined ? { upTo: ctx.options.upTo } : {}),
            onProgress: (p) => {
              bar.tick(p.events - seen, p.position);
              seen = p.events;
            },
          });
          if (result.ok) {
            bar.finish();
            line(io.out, `OK: ${result.events} events in ${result.streams} streams up to position ${result.head}; 改ざんなし / no tampering found`);
            line(io.out, `digest: ${result.digest.text}`);
            return reportEvidence(io, await checkEvidence(evidenceDirFor(ctx.settings.store, ctx.settings.dataDir), await referencedEvidence(store)));
          }
          line(io.err, '');
          line(io.out, `BROKEN / 改ざんまたは破損を検出: ${result.problem}`);
          line(io.out, `  ${PROBLEM_LABELS[result.problem]}`);
          if (result.stream !== null) line(io.out, `  stream:   ${result.stream}`);
          if (result.revision !== null) line(io.out, `  revision: ${result.revision}`);
          line(io.out, `  position: ${result.position}`);
          line(io.out, `  expected: ${result.expected}`);
          line(io.out, `  found:    ${result.found}`);
          line(io.out, `  ${result.message} (${result.events} events before it are sound)`);
          return EXIT.problemFound;
        }),
      ),
    );

  const digest = new Command('digest')
    .summary('ログのダイジェストを表示 (議事録に記載用) / print the log digest (for the minutes)')
    .description(
      'ある位置 (既定: 先頭) までのログのダイジェストを表示します。評価検証委員会の議事録などに記載し、後で check-digest で\n' +
        '照合できます。既定では途中の全ハッシュを再計算して検証します (--fast は記録済みのハッシュをつなぐだけ)。\n' +
        'Prints the digest of the log up to a position (default: the head), e.g. for the committee\'s minutes; check it later\n' +
        'with check-digest. Every hash on the way is recomputed and verified unless --fast.',
    )
    .option('--position <position>', 'この位置までのダイジェスト / digest up to this position', parsePosition)
    .option('--fast', '検証せず記録済みのハッシュから計算 / chain the recorded hashes without verifying them')
    .action(
      run<{ position?: bigint; fast?: boolean }, []>(io, async (ctx) =>
        withStore(ctx.settings.store, {}, async (store) => {
          const head = await store.headPosition();
          const position = ctx.options.position ?? head;
          if (position > head) throw new UsageError(`位置 ${position} はログの先頭 ${head} より後です / position ${position} is past the head of the log (${head})`);
          if (ctx.options.fast) {
            line(io.out, (await logDigest(store, { position })).text);
            return;
          }
          const result = await verifyLog(store, { upTo: position });
          if (!result.ok) {
            line(io.err, `ログが壊れているためダイジェストを出せません / the log is broken, no digest: ${result.message}`);
            return EXIT.problemFound;
          }
          // verifyLog's digest names the last event it checked; the printed one names the position asked for
          const proven = await logDigest(store, { position });
          if (proven.hash !== result.digest.hash || proven.events !== result.digest.events) {
            line(io.err, 'ログが検証中に変わりました。もう一度実行してください / the log changed while it was verified; run again');
            return EXIT.failed;
          }
          line(io.out, proven.text);
        }),
      ),
    );

  const check = new Command('check-digest')
    .summary('以前のダイジェストをログと照合 / check an earlier digest against the log')
    .description(
      '以前に表示したダイジェスト (hyoka-log:v1:<位置>:<件数>:<ハッシュ>) を今のログと照合します。その位置より前の履歴が\n' +
        '書き換えられていれば失敗します (終了コード 3)。\n' +
        'Checks a digest printed earlier (hyoka-log:v1:<position>:<events>:<hash>) against the log as it is now; any rewrite\n' +
        'of the history before its position fails the check (exit code 3).',
    )
    .argument('<digest>', 'ダイジェスト / the digest text')
    .action(
      run<object, [string]>(io, async (ctx, text) => {
        try {
          parseLogDigest(text);
        } catch (error) {
          if (error instanceof InvalidOptionsError) throw new UsageError(error.message);
          throw error;
        }
        return withStore(ctx.settings.store, {}, async (store) => {
          const result = await checkDigest(store, text);
          if (result.ok) {
            line(io.out, `OK: ログは ${result.digest.text} と一致します / the log matches the digest (${result.digest.events} events up to position ${result.digest.position})`);
            return;
          }
          line(io.out, `MISMATCH / 不一致: ${result.problem}`);
          line(io.out, `  ${result.message}`);
          if (result.broken) line(io.out, `  first broken place: ${result.broken.problem} at position ${result.broken.position}${result.broken.stream === null ? '' : ` (stream ${result.broken.stream}, revision ${result.broken.revision})`}`);
          return EXIT.problemFound;
        });
      }),
    );
  return [verify, digest, check];
}

/** verify's part for the evidence files: every file the log names is stored and hashes to its id (exit 3 otherwise). */
export function reportEvidence(io: Io, check: EvidenceCheck): number | undefined {
  if (check.missing.length === 0 && check.mismatched.length === 0) {
    line(io.out, `evidence: OK (${check.checked} files referenced by the log, all present with their SHA-256) / 根拠資料ファイル: 問題なし`);
    return undefined;
  }
  line(io.out, `EVIDENCE PROBLEM / 根拠資料ファイルの問題: ${check.missing.length} missing, ${check.mismatched.length} mismatched of ${check.checked}`);
  for (const m of check.missing) line(io.out, `  missing / 見つかりません: ${m.fileId} (${m.stream})`);
  for (const m of check.mismatched) line(io.out, `  mismatched / 内容が一致しません: ${m.fileId} (${m.stream}) hashes to ${m.found}`);
  return EXIT.problemFound;
}

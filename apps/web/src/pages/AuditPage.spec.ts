import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import type { VerifyLogQuery } from '../gql/generated.js';
import { fakeApi, type FakeAnswer } from '../testing/fake-api.js';
import { fiscalYears, plan, viewers } from '../testing/fixtures.js';
import { renderPage } from '../testing/render-page.js';
import AuditPage from './AuditPage.vue';

const entry = (position: number, stream: string, revision: number) => ({
  position: String(position),
  eventId: `e-${position}`,
  stream,
  revision,
  type: 'EvaluationReturned',
  actor: { userId: 'demo-head-general', displayName: '総務部長' },
  actingAs: 'DepartmentHead@general-affairs',
  actingAsLabel: '部長(総務部)',
  occurredAt: '2025-06-02T00:00:00.000Z',
  recordedAt: '2025-06-02T00:00:00.000Z',
});

const ok: VerifyLogQuery['verifyLog'] = {
  ok: true,
  message: 'ログに問題はありません',
  events: 120,
  streams: 30,
  head: '120',
  position: null,
  stream: null,
  revision: null,
  problem: null,
  expected: null,
  found: null,
};

async function renderAudit(viewer: (typeof viewers)[keyof typeof viewers], verifyLog: () => FakeAnswer | Promise<FakeAnswer> = () => ({ data: { verifyLog: ok } })) {
  const fake = fakeApi((call) => {
    switch (call.operationName) {
      case 'Viewer':
        return { data: { viewer } };
      case 'Plan':
        return { data: { plan } };
      case 'FiscalYears':
        return { data: { fiscalYears } };
      case 'AuditPeople':
        return { data: { auditPeople: [] } };
      case 'AuditLog':
        return { data: { auditLog: { entries: [entry(7, 'evaluation-I-001-2025', 4), entry(8, 'plan', 2)], nextAfter: null } } };
      case 'VerifyLog':
        return verifyLog();
      default:
        throw new Error(`unexpected ${call.operationName}`);
    }
  });
  await renderPage(AuditPage, '/audit', fake);
  await screen.findByTestId('audit-log');
  return fake;
}

afterEach(cleanup);

describe('AuditPage', () => {
  it('names the item and the year of an evaluation’s event, not its stream id', async () => {
    await renderAudit(viewers.auditor);

    const rows = within(screen.getByTestId('audit-log')).getAllByRole('row').slice(1);
    await waitFor(() => expect(within(rows[0]!).getByRole('link').textContent?.trim()).toBe('I-001 研修会の開催（令和7年度 (2025年度)）の評価 第4イベント'));
    expect(rows[0]!.textContent).not.toContain('evaluation-I-001-2025#4');
    expect(rows[1]!.textContent).toContain('plan 第2イベント');
  });

  it('lets an auditor verify the log: progress while it runs, then the result', async () => {
    let answer!: (value: FakeAnswer) => void;
    const fake = await renderAudit(viewers.auditor, () => new Promise<FakeAnswer>((resolve) => (answer = resolve)));

    await fireEvent.click(screen.getByRole('button', { name: 'ログの完全性を検証' }));
    expect((await screen.findByRole('progressbar')).textContent).toContain('検証しています');
    await waitFor(() => expect(fake.calls.some((c) => c.operationName === 'VerifyLog')).toBe(true));
    answer({ data: { verifyLog: ok } });

    expect((await screen.findByTestId('verify-result')).textContent).toContain(
      '問題ありません: 120件のイベント（30ストリーム、位置 120 まで）を確かめました。',
    );
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows where the log is broken: the position, the evaluation and the problem', async () => {
    const broken = { ...ok, ok: false, message: 'ハッシュが一致しません', events: 41, streams: null, head: null, position: '42', stream: 'evaluation-I-001-2025', revision: '3', problem: 'hashMismatch', expected: 'ab12', found: 'cd34' };
    await renderAudit(viewers.auditor, () => ({ data: { verifyLog: broken } }));

    await fireEvent.click(screen.getByRole('button', { name: 'ログの完全性を検証' }));

    const result = await screen.findByTestId('verify-result');
    expect(result.textContent).toContain('位置 42 で問題が見つかりました。');
    expect(within(result).getByRole('link').textContent?.trim()).toBe('I-001 研修会の開催（令和7年度 (2025年度)）の評価 第3イベント');
    expect(screen.getByTestId('verify-where').textContent).toContain('（evaluation-I-001-2025、位置 42）');
    expect(screen.getByTestId('verify-problem').textContent).toBe('イベントの内容とハッシュが一致しません');
    expect(result.textContent).toContain('その手前の41件のイベントには問題ありません。');
  });

  it('offers no verify button to somebody who may not verify', async () => {
    await renderAudit(viewers.secretaryGeneral);
    expect(screen.queryByRole('button', { name: 'ログの完全性を検証' })).toBeNull();
  });
});

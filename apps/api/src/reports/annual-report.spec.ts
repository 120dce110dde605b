import ExcelJS from 'exceljs';
import { loadPlanCatalogue } from '@hyoka/catalogue';
import { describeEvaluation, initialEvaluationState, type EvaluationStatus, type Grade } from '@hyoka/domain';
import type { BoardRow } from '@hyoka/projections';
import { describe, expect, it } from 'vitest';
import { UNKNOWN_DIVISION_LABEL, composeAnnualReport, type ReportStamp } from './annual-report.js';
import { annualReportFileName, annualReportWorkbook, sheetNameOf } from './annual-report.xlsx.js';

const FY = 2025;
const plan = loadPlanCatalogue();
const DIGEST = `hyoka-log:v1:120:118:${'ab'.repeat(32)}`;
const stamp: ReportStamp = {
  fiscalYear: FY,
  generatedAt: '2026-03-31T06:00:00.000Z',
  position: 120n,
  digest: DIGEST,
  verifyCommand: `npx hyoka check-digest ${DIGEST}`,
};

/** A board row of the shipped plan's item, NotStarted unless told otherwise. */
function row(itemId: string, over: { status?: EvaluationStatus; self?: Grade; final?: Grade; rationale?: string } = {}): BoardRow {
  const item = plan.items.find((i) => i.id === itemId);
  const division = plan.divisions.find((d) => d.id === item?.divisionId);
  const status = over.status ?? 'NotStarted';
  const summary = describeEvaluation(initialEvaluationState());
  return {
    itemId,
    itemName: item?.name ?? itemId,
    divisionId: division?.id ?? '',
    divisionName: division?.name ?? '',
    themeId: item?.themeId ?? '',
    owningDepartmentId: '',
    fiscalYear: FY,
    plannedStage: item?.schedule[FY]?.stage ?? null,
    retired: false,
    status,
    stageLabel: status,
    targetKind: null,
    selfGrade: over.self ?? null,
    proposedGrade: null,
    finalGrade: over.final ?? null,
    quantitativeGrade: null,
    qualitativeGrade: over.self ?? null,
    achievementPercent: null,
    stageLag: false,
    lastActor: null,
    lastActorName: null,
    lastActingAs: null,
    lastActedAt: null,
    version: status === 'NotStarted' ? null : 3,
    summary: { ...summary, status, finalRationale: over.rationale ?? null },
  };
}

const board = [
  row('I-001', { status: 'Finalized', self: 'A', final: 'B', rationale: '聞き取りの結果' }),
  row('I-002', { status: 'Finalized', self: 'C', final: 'C' }),
  // reopened by the committee: its earlier 総合評価 is shown but not counted until it is finalised again
  row('I-003', { status: 'CommitteeReview', self: 'B', final: 'A' }),
  row('I-004'),
  row('I-044', { status: 'Draft', self: 'D' }),
];

describe('composeAnnualReport', () => {
  it('the whole plan: every 部門 in document order, rows with 推進項目 and テーマ, counts of finalised 総合評価 only', () => {
    const report = composeAnnualReport({ plan, board, fiscalYear: FY, divisionId: null, stamp });
    expect(report.title).toBe('令和7年度(2025年度) 中期経営計画 年度評価報告書');
    expect(report.scopeLabel).toBe('全部門');
    expect(report.divisions.map((d) => d.summary.divisionName)).toEqual(['法人経営部門', '施設・介護サービス部門', '地域福祉推進部門', '生活支援推進部門']);
    const [corporate, facility, community] = report.divisions;
    expect(corporate!.rows.map((r) => r.itemId)).toEqual(['I-001', 'I-002', 'I-003', 'I-004']);
    expect(corporate!.rows[0]).toMatchObject({
      promotionTopic: '(1) 理念に基づく計画的な経営',
      theme: '① 使命、理念、基本方針の明文化と周知',
      finalGrade: 'B',
      finalRationale: '聞き取りの結果',
    });
    expect(corporate!.summary).toMatchObject({
      owningDepartmentId: 'general-affairs',
      owningDepartmentName: '総務部',
      items: 4,
      notStarted: 1,
      inProgress: 1,
      finalized: 2,
      finalGrades: { A: 0, B: 1, C: 1, D: 0 },
      selfGrades: { A: 1, B: 1, C: 1, D: 0 },
    });
    expect(facility!.summary).toMatchObject({ owningDepartmentName: '総務部', items: 0 });
    expect(community!.summary).toMatchObject({ owningDepartmentName: '地域福祉部', items: 1, inProgress: 1, selfGrades: { D: 1 } });
    expect(report.total).toMatchObject({ items: 5, finalized: 2, notStarted: 1, inProgress: 2, finalGrades: { A: 0, B: 1, C: 1, D: 0 } });
  });

  it('one 部門: only its rows; the 施設・介護サービス部門 owner follows the configured 推進会議', () => {
    const report = composeAnnualReport({ plan, board, fiscalYear: FY, divisionId: 'community-welfare', stamp });
    expect(report.scopeLabel).toBe('地域福祉推進部門');
    expect(report.divisions).toHaveLength(1);
    expect(report.divisions[0]!.rows.map((r) => r.itemId)).toEqual(['I-044']);
    expect(report.total.items).toBe(1);

    // the mapping is data: a plan whose 施設・介護サービス部門 was remapped to 生活支援推進会議
    const remapped = { ...plan, divisions: plan.divisions.map((d) => (d.id === 'facility-care' ? { ...d, promotionMeetingId: 'livelihood-support-meeting' } : d)) };
    const facility = composeAnnualReport({ plan: remapped, board, fiscalYear: FY, divisionId: 'facility-care', stamp });
    expect(facility.divisions[0]!.summary.owningDepartmentName).toBe('生活支援部');
  });

  it('an evaluation of an item the plan no longer knows is listed in the whole plan only, under its own heading', () => {
    const stray = { ...row('I-001', { status: 'Draft' }), itemId: 'X-1', itemName: 'X-1', divisionId: '', divisionName: '', themeId: '' };
    const whole = composeAnnualReport({ plan, board: [...board, stray], fiscalYear: FY, divisionId: null, stamp });
    expect(whole.divisions.at(-1)!.summary.divisionName).toBe(UNKNOWN_DIVISION_LABEL);
    expect(whole.divisions.at(-1)!.rows.map((r) => r.itemId)).toEqual(['X-1']);
    const one = composeAnnualReport({ plan, board: [...board, stray], fiscalYear: FY, divisionId: 'corporate-management', stamp });
    expect(one.divisions.flatMap((d) => d.rows).map((r) => r.itemId)).not.toContain('X-1');
  });
});

describe('annualReportWorkbook', () => {
  it('表紙 with the stamp, 総括, a sheet per 部門: A4, frozen headers, print titles, the stamp in every footer', async () => {
    const report = composeAnnualReport({ plan, board, fiscalYear: FY, divisionId: null, stamp });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await annualReportWorkbook(report)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['表紙', '総括', '法人経営部門', '施設・介護サービス部門', '地域福祉推進部門', '生活支援推進部門']);
    const cover = workbook.getWorksheet('表紙')!;
    expect(cover.getCell('B6').value).toBe('120');
    expect(cover.getCell('B7').value).toBe(DIGEST);
    expect(cover.getCell('A5').value).toBe('作成日時 (日本時間)');
    expect(cover.getCell('B5').value).toBe('2026/03/31 15:00:00');
    for (const sheet of workbook.worksheets) {
      expect(sheet.pageSetup.paperSize, sheet.name).toBe(9);
      expect(sheet.headerFooter.oddFooter, sheet.name).toContain(`ログ位置 120 / ${DIGEST}`);
    }
    const corporate = workbook.getWorksheet('法人経営部門')!;
    expect(corporate.pageSetup.printTitlesRow).toBe('1:1');
    expect(corporate.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(corporate.getRow(2).getCell(4).value).toBe('I-001');
    expect(corporate.getRow(2).getCell(18).value).toBe('B');
    expect(corporate.getColumn(5).width).toBe(36);
    expect(annualReportFileName(report)).toBe('年度評価報告書_2025_全部門_p120.xlsx');
  });

  it('sheet names: characters Excel refuses are replaced, 31 characters at most, never twice the same', () => {
    const taken = new Set(['表紙']);
    expect(sheetNameOf('a/b:c', taken)).toBe('a・b・c');
    expect(sheetNameOf('表紙', taken)).toBe('表紙_2');
    expect(sheetNameOf('x'.repeat(40), taken)).toHaveLength(31);
  });
});

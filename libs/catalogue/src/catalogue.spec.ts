import { describe, expect, it } from 'vitest';
import {
  CatalogueLookupError,
  divisionOfItem,
  findItem,
  listingsOfItem,
  loadPlanCatalogue,
  normaliseText,
  owningDepartmentOfItem,
  promotionMeetingForDivision,
  validateCatalogue,
  type PlanCatalogue,
} from './index.js';

const catalogue = loadPlanCatalogue();
const itemNamed = (name: string) => catalogue.items.find((i) => i.name === name)!;

describe('loadPlanCatalogue', () => {
  it('returns a fresh copy each time, so one caller cannot change another’s catalogue', () => {
    const a = loadPlanCatalogue();
    a.items[0]!.name = 'changed';
    a.divisions.pop();
    const b = loadPlanCatalogue();
    expect(b.items[0]!.name).not.toBe('changed');
    expect(b.divisions).toHaveLength(4);
  });
});

describe('lookups', () => {
  const fund = itemNamed('いきいき市民福祉基金助成事業の活用');

  it('findItem finds by id and returns undefined for an unknown id', () => {
    expect(findItem(catalogue, 'I-001')?.name).toBe('共有フォルダや掲示板機能を活用した評価・進捗状況の周知');
    expect(findItem(catalogue, 'I-999')).toBeUndefined();
  });

  it('listingsOfItem gives the primary row and every 【再掲】 row in document order', () => {
    const listings = listingsOfItem(catalogue, fund.id);
    expect(listings.map((l) => [l.theme.id, l.listing.relisting])).toEqual([
      ['community-welfare/1/1', false],
      ['community-welfare/2/1', true],
      ['community-welfare/2/2', true],
      ['community-welfare/2/3', true],
      ['community-welfare/3/2', true],
    ]);
    expect(listings.every((l) => l.division.id === 'community-welfare')).toBe(true);
    expect(listingsOfItem(catalogue, 'I-999')).toEqual([]);
  });

  it('divisionOfItem gives the division of the item’s primary row', () => {
    expect(divisionOfItem(catalogue, fund.id).name).toBe('地域福祉推進部門');
    expect(() => divisionOfItem(catalogue, 'I-999')).toThrow(CatalogueLookupError);
  });

  it('ids are I-001… in document order of primary rows', () => {
    expect(catalogue.items.map((i) => i.id)).toEqual(catalogue.items.map((_, k) => `I-${String(k + 1).padStart(3, '0')}`));
    expect(findItem(catalogue, 'I-094')?.name).toBe('市民後見人養成事業');
  });
});

describe('promotionMeetingForDivision and owningDepartmentOfItem', () => {
  const facilityItem = catalogue.items.find((i) => i.divisionId === 'facility-care')!;

  it('follow the document for the three named divisions', () => {
    expect(promotionMeetingForDivision(catalogue, 'corporate-management').name).toBe('総務推進会議');
    expect(promotionMeetingForDivision(catalogue, 'community-welfare').name).toBe('地域福祉推進会議');
    expect(promotionMeetingForDivision(catalogue, 'livelihood-support').chair).toBe('生活支援部長');
    expect(owningDepartmentOfItem(catalogue, itemNamed('生活福祉資金貸付事業').id).name).toBe('生活支援部');
  });

  it('default 施設・介護サービス部門 to 総務推進会議 / 総務部', () => {
    expect(promotionMeetingForDivision(catalogue, 'facility-care').id).toBe('general-affairs-meeting');
    expect(owningDepartmentOfItem(catalogue, facilityItem.id).id).toBe('general-affairs');
  });

  it('take an override for 施設・介護サービス部門', () => {
    const overrides = { 'facility-care': 'livelihood-support-meeting' };
    expect(promotionMeetingForDivision(catalogue, 'facility-care', overrides).id).toBe('livelihood-support-meeting');
    expect(owningDepartmentOfItem(catalogue, facilityItem.id, overrides).id).toBe('livelihood-support');
    expect(promotionMeetingForDivision(catalogue, 'corporate-management', overrides).id).toBe('general-affairs-meeting');
  });

  it('refuse an override that is not a 推進会議, and an unknown division', () => {
    expect(() => promotionMeetingForDivision(catalogue, 'facility-care', { 'facility-care': 'managers-meeting' })).toThrow(
      /推進会議ではありません/,
    );
    expect(() => promotionMeetingForDivision(catalogue, 'facility-care', { 'facility-care': 'nope' })).toThrow(CatalogueLookupError);
    expect(() => promotionMeetingForDivision(catalogue, 'nope')).toThrow(CatalogueLookupError);
  });
});

describe('validateCatalogue detects a broken catalogue', () => {
  const broken = (mutate: (c: PlanCatalogue) => void) => {
    const c = loadPlanCatalogue();
    mutate(c);
    return validateCatalogue(c);
  };
  const firstTheme = (c: PlanCatalogue) => c.divisions[0]!.topics[0]!.themes[0]!;

  it('a duplicate item id', () => {
    expect(broken((c) => (c.items[1]!.id = c.items[0]!.id))).toContainEqual({ path: 'items', message: 'duplicate id I-001' });
  });

  it('a listing of an unknown item, and an item then listed nowhere', () => {
    const problems = broken((c) => (firstTheme(c).listings[0]!.itemId = 'I-999'));
    expect(problems).toContainEqual(expect.objectContaining({ message: 'lists unknown item I-999' }));
    expect(problems).toContainEqual(expect.objectContaining({ path: 'items I-001', message: 'not listed under any theme' }));
  });

  it('an item without a primary listing, or with two', () => {
    expect(broken((c) => (firstTheme(c).listings[0]!.relisting = true))).toContainEqual(
      expect.objectContaining({ message: 'has 0 primary (non-再掲) listings, expected 1' }),
    );
    expect(
      broken((c) => firstTheme(c).listings.push({ itemId: 'I-001', relisting: false })),
    ).toContainEqual(expect.objectContaining({ message: 'has 2 primary (non-再掲) listings, expected 1' }));
  });

  it('an item whose theme or division is not that of its primary listing', () => {
    expect(broken((c) => (c.items[0]!.themeId = 'corporate-management/1/2'))).toContainEqual(
      expect.objectContaining({ path: 'items[0] I-001' }),
    );
    expect(broken((c) => (c.items[0]!.divisionId = 'facility-care'))).toContainEqual(
      expect.objectContaining({ message: expect.stringMatching(/divisionId facility-care/) }),
    );
  });

  it('a missing stage, a null stage without a reason, a continued first year', () => {
    expect(
      broken((c) => {
        delete (c.items[0]!.schedule as Partial<PlanCatalogue['items'][0]['schedule']>)[2026];
      }),
    ).toContainEqual({ path: 'items[0] I-001.schedule.2026', message: 'no planned stage' });
    expect(broken((c) => (c.items[0]!.schedule[2025] = { stage: null, continued: false }))).toContainEqual(
      expect.objectContaining({ path: 'items[0] I-001.schedule.2025', message: expect.stringMatching(/without a recorded reason/) }),
    );
    expect(broken((c) => (c.items[0]!.schedule[2025] = { stage: null, continued: false, note: 'lost' }))).toEqual([]);
    expect(broken((c) => (c.items[0]!.schedule[2025]!.continued = true))).toContainEqual(
      expect.objectContaining({ path: 'items[0] I-001.schedule.2025' }),
    );
  });

  it('a division reviewed by something that is not a 推進会議, a 推進会議 of no known department', () => {
    expect(broken((c) => (c.divisions[1]!.promotionMeetingId = 'evaluation-committee'))).toContainEqual(
      expect.objectContaining({ path: 'facility-care' }),
    );
    expect(broken((c) => (c.reviewBodies[1]!.departmentId = 'nope'))).toContainEqual(
      expect.objectContaining({ path: 'reviewBodies.general-affairs-meeting' }),
    );
  });

  it('grade bands out of order or without an open last band', () => {
    expect(broken((c) => c.evaluationRules.bands.reverse())).toContainEqual(
      expect.objectContaining({ path: 'evaluationRules.bands' }),
    );
    expect(broken((c) => (c.evaluationRules.bands[3]!.minPercent = 40))).toContainEqual(
      expect.objectContaining({ path: 'evaluationRules.bands.D' }),
    );
  });
});

describe('normaliseText', () => {
  it('drops the spaces of wrapped lines next to Japanese, keeps one between ASCII words', () => {
    expect(normaliseText('共有フォルダや掲示板機能を活用し た評価')).toBe('共有フォルダや掲示板機能を活用した評価');
    expect(normaliseText(' SNS を活用 ')).toBe('SNSを活用');
    expect(normaliseText('65 歳 定年')).toBe('65歳定年');
    expect(normaliseText('Web  site 更新')).toBe('Web site更新');
  });
});

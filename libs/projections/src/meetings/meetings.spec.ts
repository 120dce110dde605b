import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decisionsOf, meetingById, meetingsOf } from './meetings.queries.js';
import { startHarness, type Harness } from '../test-support/harness.js';
import { people } from '../test-support/scenario.js';

describe('the meetings read model (会議)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = startHarness();
    await h.scenario.setUp();
    await h.scenario.draftAndSubmit('I-001', 2025, 4);
    await h.scenario.act('head', 'I-001', 2025, { type: 'ApproveEvaluation', data: {} });
    await h.scenario.act('sg', 'I-001', 2025, { type: 'ForwardToCommittee', data: { proposedGrade: 'A' } });
  });
  afterEach(() => h.close());

  it('lists the sessions of a year and body, with their state; records the decisions and hearings taken in each; rebuilds the same', async () => {
    const meetingId = await h.scenario.committeeSession('I-001', 2025);
    await h.scenario.act('committee', 'I-001', 2025, {
      type: 'RecordHearing',
      data: { departmentId: 'general-affairs', people: ['佐藤 花子'], heardOn: '2025-05-20', summary: '研修会の実施状況を聞き取った', meetingId },
    });
    await h.scenario.act('committee', 'I-001', 2025, { type: 'FinalizeEvaluation', data: { overallGrade: 'A', rationale: '計画通り', meetingId } });
    await h.scenario.meeting('committee', meetingId, { type: 'RecordMinutes', data: { minutes: 'I-001 を A で確定した' } });
    await h.scenario.meeting('committee', meetingId, { type: 'CloseMeeting', data: {} });
    await h.settle();

    expect(meetingsOf(h.readModels, 2025, 'committee').map((m) => [m.meetingId, m.status])).toEqual([[meetingId, 'Closed']]);
    expect(meetingsOf(h.readModels, 2025, 'managersMeeting')).toEqual([]);
    expect(meetingById(h.readModels, meetingId)).toMatchObject({ agenda: ['I-001'], present: [people.committee.userId], minutes: 'I-001 を A で確定した' });
    const decisions = decisionsOf(h.readModels, meetingId);
    expect(decisions.map((d) => d.type)).toEqual(['HearingRecorded', 'EvaluationFinalized']);
    expect(decisions[1]!.data).toMatchObject({ overallGrade: 'A', meeting: { meetingId, body: 'committee', attendees: [people.committee.userId] } });

    const live = { list: meetingsOf(h.readModels, 2025), decisions };
    await h.runner.rebuild('meetings');
    await h.settle();
    expect({ list: meetingsOf(h.readModels, 2025), decisions: decisionsOf(h.readModels, meetingId) }).toEqual(live);
  });
});

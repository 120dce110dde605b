import { cleanup, fireEvent, screen, waitFor } from '@testing-library/vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderComponent } from '../../testing/render-page.js';
import EvidenceFiles from './EvidenceFiles.vue';

const FILE_ID = 'ab'.repeat(32);
const evaluation = {
  itemId: 'I-002',
  fiscalYear: 2025,
  version: 3,
  evidence: {
    plan: [],
    selfEvaluation: [
      { fileId: FILE_ID, name: '研修会の記録.pdf', mediaType: 'application/pdf', size: 900, url: `/evidence/I-002/2025/${FILE_ID}`, at: '2025-06-01T01:00:00.000Z', by: { displayName: '総務部 担当職員' } },
    ],
  },
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('EvidenceFiles', () => {
  it('lists each file as a link that opens it with one click, for a reviewer without upload or removal', () => {
    renderComponent(EvidenceFiles, { props: { evaluation, phase: 'selfEvaluation', editable: false } });
    const link = screen.getByRole('link', { name: '研修会の記録.pdf' });
    expect(link.getAttribute('href')).toBe(`/evidence/I-002/2025/${FILE_ID}`);
    expect(link.getAttribute('target')).toBe('_blank');
    expect(screen.queryByLabelText('添付するファイル')).toBeNull();
    expect(screen.queryByRole('button', { name: '研修会の記録.pdf を削除' })).toBeNull();
  });

  it('says when a phase has no file', () => {
    renderComponent(EvidenceFiles, { props: { evaluation, phase: 'plan', editable: false } });
    expect(screen.queryByText('添付されたファイルはありません。')).not.toBeNull();
  });

  it('staff remove a file with DELETE, naming the version they saw and the CSRF header; a refusal shows the API’s Japanese message', async () => {
    const fetch = vi.fn().mockResolvedValueOnce(new Response(JSON.stringify({ code: 'ILLEGAL_TRANSITION', message: '作成中の段階ではないため削除できません' }), { status: 409 }));
    vi.stubGlobal('fetch', fetch);
    renderComponent(EvidenceFiles, { props: { evaluation, phase: 'selfEvaluation', editable: true } });
    expect(screen.queryByLabelText('添付するファイル')).not.toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: '研修会の記録.pdf を削除' }));
    await waitFor(() => expect(screen.queryByText('作成中の段階ではないため削除できません')).not.toBeNull());
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toMatch(new RegExp(`^/evidence/I-002/2025/${FILE_ID}\\?phase=selfEvaluation&expectedVersion=3&commandId=`));
    expect(init).toMatchObject({ method: 'DELETE', headers: { 'x-hyoka-csrf': '1' } });
  });
});

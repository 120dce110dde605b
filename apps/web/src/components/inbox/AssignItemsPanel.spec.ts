import { cleanup, screen } from '@testing-library/vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../testing/fake-api.js';
import { viewers } from '../../testing/fixtures.js';
import { renderPage } from '../../testing/render-page.js';
import AssignItemsPanel from './AssignItemsPanel.vue';

afterEach(cleanup);

describe('AssignItemsPanel (担当者の割り当て)', () => {
  it('says it is loading while the staff are on their way, not that there are none', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fake = fakeApi(async (call) => {
      if (call.operationName === 'Viewer') return { data: { viewer: viewers.staff } };
      if (call.operationName === 'AssignableStaff') {
        await gate;
        return { data: { assignableStaff: [{ userId: 'demo-staff-general', displayName: '総務部 担当職員', departmentId: 'general-affairs' }] } };
      }
      return { errors: [{ message: 'unexpected', extensions: { code: 'INTERNAL' } }] };
    });
    await renderPage({ components: { AssignItemsPanel }, template: `<AssignItemsPanel :item-ids="['I-001']" />` }, '/', fake);
    await vi.waitFor(() => expect(screen.queryByText('読み込み中…')).not.toBeNull());
    expect(screen.queryByText('この部に割り当てられる担当職員がいません。')).toBeNull();

    release();
    await vi.waitFor(() => expect(screen.queryByRole('checkbox', { name: '総務部 担当職員' })).not.toBeNull());
    expect(screen.queryByText('読み込み中…')).toBeNull();
  });
});

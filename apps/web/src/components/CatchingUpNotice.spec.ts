import { cleanup, screen, waitFor } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../testing/fake-api.js';
import { viewers } from '../testing/fixtures.js';
import { renderPage } from '../testing/render-page.js';
import CatchingUpNotice from './CatchingUpNotice.vue';

afterEach(cleanup);

function api(catchingUp: boolean) {
  return fakeApi((call) => {
    if (call.operationName === 'Viewer') return { data: { viewer: viewers.staff } };
    if (call.operationName === 'ProjectionStatus') {
      return { data: { projectionStatus: { position: catchingUp ? '1200' : '5000', head: '5000', catchingUp } } };
    }
    return { errors: [{ message: 'unexpected', extensions: { code: 'INTERNAL' } }] };
  });
}

describe('CatchingUpNotice (最新の状態に追いついています)', () => {
  it('says so while the read models catch up, with how far they are', async () => {
    await renderPage(CatchingUpNotice, '/', api(true));
    const notice = await screen.findByRole('status');
    expect(notice.textContent).toContain('最新の状態に追いついています…');
    expect(notice.textContent).toContain('反映済み 1200 / 5000');
  });

  it('asks again while they catch up and goes away once they have', async () => {
    let answers = 0;
    const fake = fakeApi((call) => {
      if (call.operationName === 'ProjectionStatus') {
        answers += 1;
        const caughtUp = answers > 1;
        return { data: { projectionStatus: { position: caughtUp ? '5000' : '1200', head: '5000', catchingUp: !caughtUp } } };
      }
      return { errors: [{ message: 'unexpected', extensions: { code: 'INTERNAL' } }] };
    });
    await renderPage(CatchingUpNotice, '/', fake);
    expect(await screen.findByTestId('catching-up')).not.toBeNull();
    await waitFor(() => expect(screen.queryByTestId('catching-up')).toBeNull(), { timeout: 15_000 });
    expect(answers).toBe(2);
  });
});

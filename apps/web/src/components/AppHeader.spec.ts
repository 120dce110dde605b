import { cleanup, screen } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../testing/fake-api.js';
import { viewers } from '../testing/fixtures.js';
import { renderPage } from '../testing/render-page.js';
import AppHeader from './AppHeader.vue';

afterEach(cleanup);

describe('AppHeader: the count beside 自分の作業', () => {
  it('keeps the count’s place while it loads, so the menu does not widen and wrap when it arrives', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fake = fakeApi(async (call) => {
      if (call.operationName === 'Viewer') return { data: { viewer: viewers.staff } };
      if (call.operationName === 'InboxCount') {
        await gate;
        return { data: { inboxCount: 12 } };
      }
      if (call.operationName === 'Notifications') return { data: { notifications: { unreadCount: 0, hasMore: false, endCursor: null, nodes: [] } } };
      return { errors: [{ message: 'unexpected', extensions: { code: 'INTERNAL' } }] };
    });
    await renderPage(AppHeader, '/', fake);
    const inbox = await screen.findByTestId('nav-inbox');
    const pending = inbox.querySelector('[data-testid="nav-inbox-count-pending"]');
    expect(pending?.className).toContain('badge');
    expect(pending?.getAttribute('aria-hidden')).toBe('true');
    expect(screen.queryByTestId('nav-inbox-count')).toBeNull();

    release();
    expect((await screen.findByTestId('nav-inbox-count')).textContent).toBe('12');
    expect(inbox.querySelector('[data-testid="nav-inbox-count-pending"]')).toBeNull();
  });
});

import { createRouter, createWebHistory, type RouteRecordInfo, type RouteRecordRaw, type Router } from 'vue-router';
import { useSessionStore } from './stores/session.js';

/** Every route name and its params, so `router.push({ name })` is checked by the compiler. */
export interface RouteNamedMap {
  login: RouteRecordInfo<'login', '/login', Record<never, never>, Record<never, never>>;
  inbox: RouteRecordInfo<'inbox', '/', Record<never, never>, Record<never, never>>;
  plan: RouteRecordInfo<'plan', '/plan', Record<never, never>, Record<never, never>>;
  evaluation: RouteRecordInfo<
    'evaluation',
    '/evaluations/:itemId/:fiscalYear',
    { itemId: string; fiscalYear: string | number },
    { itemId: string; fiscalYear: string }
  >;
  bulk: RouteRecordInfo<'bulk', '/bulk-approval', Record<never, never>, Record<never, never>>;
  board: RouteRecordInfo<'board', '/board', Record<never, never>, Record<never, never>>;
  meetings: RouteRecordInfo<'meetings', '/meetings', Record<never, never>, Record<never, never>>;
  meeting: RouteRecordInfo<'meeting', '/meetings/:meetingId', { meetingId: string }, { meetingId: string }>;
  'meeting-document': RouteRecordInfo<
    'meeting-document',
    '/meetings/:meetingId/:kind',
    { meetingId: string; kind: 'agenda' | 'minutes' },
    { meetingId: string; kind: string }
  >;
  progress: RouteRecordInfo<'progress', '/progress', Record<never, never>, Record<never, never>>;
  audit: RouteRecordInfo<'audit', '/audit', Record<never, never>, Record<never, never>>;
  reports: RouteRecordInfo<'reports', '/reports/:fiscalYear', { fiscalYear: string | number }, { fiscalYear: string }>;
  password: RouteRecordInfo<'password', '/password', Record<never, never>, Record<never, never>>;
  'notification-settings': RouteRecordInfo<'notification-settings', '/notifications/settings', Record<never, never>, Record<never, never>>;
  calendar: RouteRecordInfo<'calendar', '/calendar', Record<never, never>, Record<never, never>>;
  'admin-users': RouteRecordInfo<'admin-users', '/admin/users', Record<never, never>, Record<never, never>>;
  'plan-import': RouteRecordInfo<'plan-import', '/admin/plan-import', Record<never, never>, Record<never, never>>;
  organisation: RouteRecordInfo<'organisation', '/admin/organisation', Record<never, never>, Record<never, never>>;
}

declare module 'vue-router' {
  interface TypesConfig {
    RouteNamedMap: RouteNamedMap;
  }
  interface RouteMeta {
    /** reachable without signing in */
    public?: boolean;
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
  { path: '/', name: 'inbox', component: () => import('./pages/InboxPage.vue') },
  { path: '/plan', name: 'plan', component: () => import('./pages/PlanPage.vue') },
  { path: '/evaluations/:itemId/:fiscalYear', name: 'evaluation', component: () => import('./pages/EvaluationPage.vue') },
  { path: '/bulk-approval', name: 'bulk', component: () => import('./pages/BulkApprovalPage.vue') },
  { path: '/board', name: 'board', component: () => import('./pages/BoardPage.vue') },
  { path: '/meetings', name: 'meetings', component: () => import('./pages/MeetingsPage.vue') },
  { path: '/meetings/:meetingId', name: 'meeting', component: () => import('./pages/MeetingPage.vue') },
  { path: '/meetings/:meetingId/:kind(agenda|minutes)', name: 'meeting-document', component: () => import('./pages/meetings/MeetingDocumentPage.vue') },
  { path: '/progress', name: 'progress', component: () => import('./pages/ProgressPage.vue') },
  { path: '/audit', name: 'audit', component: () => import('./pages/AuditPage.vue') },
  { path: '/reports/:fiscalYear(\\d{4})', name: 'reports', component: () => import('./pages/reports/AnnualReportPage.vue') },
  { path: '/password', name: 'password', component: () => import('./pages/ChangePasswordPage.vue') },
  { path: '/notifications/settings', name: 'notification-settings', component: () => import('./pages/NotificationSettingsPage.vue') },
  { path: '/calendar', name: 'calendar', component: () => import('./pages/CalendarPage.vue') },
  { path: '/admin/users', name: 'admin-users', component: () => import('./pages/AdminUsersPage.vue') },
  { path: '/admin/plan-import', name: 'plan-import', component: () => import('./pages/PlanImportPage.vue') },
  { path: '/admin/organisation', name: 'organisation', component: () => import('./pages/OrganisationPage.vue') },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

export function createAppRouter(history = createWebHistory()): Router {
  const router = createRouter({ history, routes });
  router.beforeEach(async (to) => {
    const session = useSessionStore();
    if (!session.loaded) await session.load();
    if (!to.meta.public && !session.viewer) return { name: 'login', query: { next: to.fullPath } };
    if (to.name === 'login' && session.viewer) return { name: 'inbox' };
    return true;
  });
  return router;
}

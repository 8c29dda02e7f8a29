import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './layout/NotFoundPage';
import { ApiKeysPage } from './pages/settings/ApiKeysPage';
import { SignInPage } from './pages/sign-in/SignInPage';
import { SignUpPage } from './pages/sign-up/SignUpPage';
import { StoresPage } from './pages/stores/StoresPage';
import { readKey } from './session/session';
import type { useSession } from './session/session-context';

export interface RouterContext {
  session: ReturnType<typeof useSession>;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({ component: Outlet, notFoundComponent: NotFoundPage });

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'sign-in',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } => (typeof search.redirect === 'string' && search.redirect.startsWith('/') ? { redirect: search.redirect } : {}),
  component: SignInPage,
});

const signUpRoute = createRoute({ getParentRoute: () => rootRoute, path: 'sign-up', component: SignUpPage });

/** Every page behind sign-in. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  // The stored key, not the context's: a sign-in stores it before React has re-rendered with it.
  beforeLoad: ({ location }) => {
    if (!readKey(window.sessionStorage)) throw redirect({ to: '/sign-in', search: { redirect: location.href.replace(/^\/admin/, '') || '/' } });
  },
  component: AppLayout,
});

const dashboardRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: lazyRouteComponent(() => import('./pages/dashboard/DashboardPage'), 'DashboardPage') });

const fairnessRoute = createRoute({ getParentRoute: () => appRoute, path: 'reports/fairness', component: lazyRouteComponent(() => import('./pages/fairness/FairnessPage'), 'FairnessPage') });

const customersRoute = createRoute({ getParentRoute: () => appRoute, path: 'customers', component: lazyRouteComponent(() => import('./pages/customers/CustomersPage'), 'CustomersPage') });
const customerRoute = createRoute({ getParentRoute: () => appRoute, path: 'customers/$customerId', component: lazyRouteComponent(() => import('./pages/customers/CustomerPage'), 'CustomerPage') });
const customerImportRoute = createRoute({ getParentRoute: () => appRoute, path: 'customers/import', component: lazyRouteComponent(() => import('./pages/customers/import/ImportPage'), 'ImportPage') });
const storesRoute = createRoute({ getParentRoute: () => appRoute, path: 'stores', component: StoresPage });
const storeRoute = createRoute({ getParentRoute: () => appRoute, path: 'stores/$storeId', component: lazyRouteComponent(() => import('./pages/stores/StorePage'), 'StorePage') });
const segmentsRoute = createRoute({ getParentRoute: () => appRoute, path: 'segments', component: lazyRouteComponent(() => import('./pages/segments/SegmentsPage'), 'SegmentsPage') });
const newSegmentRoute = createRoute({ getParentRoute: () => appRoute, path: 'segments/new', component: lazyRouteComponent(() => import('./pages/segments/SegmentPages'), 'NewSegmentPage') });
const segmentRoute = createRoute({ getParentRoute: () => appRoute, path: 'segments/$segmentId', component: lazyRouteComponent(() => import('./pages/segments/SegmentPages'), 'EditSegmentPage') });
const geofencesRoute = createRoute({ getParentRoute: () => appRoute, path: 'geofences', component: lazyRouteComponent(() => import('./pages/geofences/GeofencesPage'), 'GeofencesPage') });
const settingsRoute = createRoute({ getParentRoute: () => appRoute, path: 'settings', component: lazyRouteComponent(() => import('./pages/settings/SettingsPage'), 'SettingsPage') });
const outboxRoute = createRoute({ getParentRoute: () => appRoute, path: 'outbox', component: lazyRouteComponent(() => import('./pages/outbox/OutboxPage'), 'OutboxPage') });
const campaignsRoute = createRoute({ getParentRoute: () => appRoute, path: 'campaigns', component: lazyRouteComponent(() => import('./pages/campaigns/list/CampaignsPage'), 'CampaignsPage') });
const newCampaignRoute = createRoute({ getParentRoute: () => appRoute, path: 'campaigns/new', component: lazyRouteComponent(() => import('./pages/campaigns/list/NewCampaignPage'), 'NewCampaignPage') });
const campaignReportRoute = createRoute({ getParentRoute: () => appRoute, path: 'campaigns/$campaignId/report', component: lazyRouteComponent(() => import('./pages/campaign-report/CampaignReportPage'), 'CampaignReportPage') });
const campaignRoute = createRoute({ getParentRoute: () => appRoute, path: 'campaigns/$campaignId', component: lazyRouteComponent(() => import('./pages/campaigns/editor/CampaignPage'), 'CampaignPage') });
const templatesRoute = createRoute({ getParentRoute: () => appRoute, path: 'templates', component: lazyRouteComponent(() => import('./pages/templates/TemplatesPage'), 'TemplatesPage') });
const newTemplateRoute = createRoute({
  getParentRoute: () => appRoute, path: 'templates/new', component: lazyRouteComponent(() => import('./pages/templates/TemplatePages'), 'NewTemplatePage'),
  validateSearch: (search: Record<string, unknown>): { channel: 'email' | 'sms' } => ({ channel: search.channel === 'sms' ? 'sms' : 'email' }),
});
const sharedPartsRoute = createRoute({ getParentRoute: () => appRoute, path: 'templates/shared', component: lazyRouteComponent(() => import('./pages/templates/SharedPartsPage'), 'SharedPartsPage') });
const templateRoute = createRoute({ getParentRoute: () => appRoute, path: 'templates/$templateId', component: lazyRouteComponent(() => import('./pages/templates/TemplatePages'), 'EditTemplatePage') });
const apiKeysRoute = createRoute({ getParentRoute: () => appRoute, path: 'settings/api-keys', component: ApiKeysPage });

const routeTree = rootRoute.addChildren([signInRoute, signUpRoute, appRoute.addChildren([dashboardRoute, fairnessRoute, customersRoute, customerRoute, customerImportRoute,
  segmentsRoute, newSegmentRoute, segmentRoute, geofencesRoute, storesRoute, storeRoute, settingsRoute, outboxRoute, apiKeysRoute,
  campaignsRoute, newCampaignRoute, campaignRoute, campaignReportRoute, templatesRoute, newTemplateRoute, sharedPartsRoute, templateRoute])]);

export const router = createRouter({
  routeTree,
  basepath: '/admin',
  context: { session: undefined! },
  defaultPreload: 'intent',
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}

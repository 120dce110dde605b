import helmet from 'helmet';
import type { AppConfig } from './config.js';

/**
 * Security headers on every answer (the web app, its assets, GraphQL). The CSP is what the built Vue app needs: its
 * scripts, styles, fonts and images all come from /assets (Vite emits no inline script); 'unsafe-inline' styles stay
 * because PrimeVue's styled mode injects its theme as <style> elements at run time (a nonce would need the HTML to be
 * rendered per request). ECharts draws on a canvas or with data: images; GraphQL and graphql-ws are same-origin.
 */
export function securityHeaders(config: Pick<AppConfig, 'secureCookies'>) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS only where the deployment says it is behind HTTPS (the same switch as Secure cookies)
    strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: false } : false,
  });
}

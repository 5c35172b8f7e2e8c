/**
 * Security headers on every answer. The console is plain ES modules served by the app: scripts
 * only from this origin, no inline script, no framing, no plug-ins; data URLs allowed for images
 * only (charts are inline SVG built with DOM calls, which CSP does not restrict).
 */
import type { FastifyInstance } from 'fastify';

export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The admin-only queue dashboard (bull-board) injects its styles at run time, and its page names
 * its scripts relative to `<base href="/admin/queues/">`: with `base-uri 'none'` the browser
 * ignores that element, resolves them under /admin/ instead, and the dashboard stays on its
 * loading screen at /admin/queues (the address staff are given). Its own origin is allowed there.
 */
const dashboardPolicy = contentSecurityPolicy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("base-uri 'none'", "base-uri 'self'");

/**
 * Self-contained documents the app renders to read and print in their own tab (《印台政务通报》,
 * 卷内目录): their print layout is a <style> element, which `style-src 'self'` blocked, so they opened
 * as unstyled text. They carry no script, and every citizen's word in them is escaped; styles
 * inline are allowed there, nothing else. A route sends it with `reply.header` (the hook keeps it).
 */
export const documentPolicy = contentSecurityPolicy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const own = reply.getHeader('content-security-policy') === documentPolicy;
    if (!own) reply.header('content-security-policy', request.url.startsWith('/admin/') ? dashboardPolicy : contentSecurityPolicy);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

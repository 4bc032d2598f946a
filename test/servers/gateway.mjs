// A reverse proxy in front of origins, built on http-proxy-middleware. It answers like
// a real gateway when its upstream fails: 502 when the connection is refused or reset,
// 504 when the upstream does not answer within `proxyTimeout` (the same codes nginx uses).
import { createProxyMiddleware, proxyEventsPlugin } from 'http-proxy-middleware';

export const GATEWAY_SERVER = 'demo-gateway';

function errorPage(status, title, detail) {
  return `<!doctype html><html><head><title>${status} ${title}</title></head>` +
    `<body><center><h1>${status} ${title}</h1></center><hr><center>${GATEWAY_SERVER}</center>` +
    `<!-- ${detail} --></body></html>`;
}

/**
 * Returns a Node `(req, res, next)` middleware proxying to `route(req)` — a target URL
 * string, or null to pass the request on to `next`.
 */
export function createGateway({ route, proxyTimeout = 10000 }) {
  const proxy = createProxyMiddleware({
    router: (req) => route(req),
    target: 'http://127.0.0.1:9', // replaced per request by router
    proxyTimeout,
    xfwd: true,
    // Our own error answers below, not the library's default plugin (it maps refused to 504).
    ejectPlugins: true,
    plugins: [proxyEventsPlugin],
    on: {
      proxyReq(proxyReq, req) {
        // httpxy destroys a timed-out upstream request, which surfaces as a plain ECONNRESET;
        // remember that it was the timer so the answer is 504 rather than 502.
        proxyReq.on('timeout', () => { req.bgTimedOut = true; });
      },
      proxyRes(proxyRes, req, res) {
        res.setHeader('x-gateway', GATEWAY_SERVER);
        // Upstream died mid-body: end the client's connection too, so it sees an incomplete
        // response instead of a truncated body that looks complete.
        proxyRes.on('close', () => { if (!proxyRes.complete) res.destroy(); });
      },
      error(err, req, res) {
        if (process.env.BG_DEBUG_GATEWAY) console.error('gateway error', err.code, err.message);
        if (typeof res.writeHead !== 'function') { res.destroy?.(); return; }
        if (res.headersSent) { res.destroy(); return; }
        const timedOut = req.bgTimedOut === true || err.code === 'ETIMEDOUT';
        const [status, title] = timedOut ? [504, 'Gateway Time-out'] : [502, 'Bad Gateway'];
        res.writeHead(status, { 'content-type': 'text/html', server: GATEWAY_SERVER, 'cache-control': 'no-store' });
        res.end(errorPage(status, title, err.code ?? err.message));
      },
    },
  });
  return (req, res, next) => {
    if (!route(req)) return next();
    return proxy(req, res, next);
  };
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Hono } from 'hono';
import { readBundle } from '../../web/build.ts';

const publicDir = new URL('../public/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, publicDir), 'utf8');
const swaggerDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
// The example page runs InstantSearch.js from here, not a CDN: it works offline and on the version the adapter is tested with.
const instantsearchDir = path.dirname(createRequire(import.meta.url).resolve('instantsearch.js/package.json'));
const uplotDir = path.dirname(createRequire(import.meta.url).resolve('uplot/package.json'));

const CSP =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

/**
 * The search page, the embeddable widget, the InstantSearch adapter, their example pages and the API reference: static
 * files, read once.
 * The three scripts are built from web/ into web/dist (kensaku serve checks that build first); the rest is api/public.
 */
export function pageRoutes() {
  const app = new Hono();
  const files: Record<string, [() => string, string]> = {
    '/': [() => read('index.html'), 'text/html; charset=utf-8'],
    '/app.js': [() => readBundle('app.js'), 'text/javascript; charset=utf-8'],
    '/style.css': [() => read('style.css'), 'text/css; charset=utf-8'],
    '/widget.js': [() => readBundle('widget.js'), 'text/javascript; charset=utf-8'],
    '/instantsearch.js': [() => readBundle('instantsearch.js'), 'text/javascript; charset=utf-8'],
    '/dashboard': [() => read('dashboard.html'), 'text/html; charset=utf-8'],
    '/dashboard.js': [() => readBundle('dashboard.js'), 'text/javascript; charset=utf-8'],
    '/dashboard.css': [() => read('dashboard.css'), 'text/css; charset=utf-8'],
    // The dashboard's chart library (a runtime dependency, bundled into dashboard.js) and its own styles.
    '/vendor/uplot.min.css': [
      () => readFileSync(path.join(uplotDir, 'dist', 'uPlot.min.css'), 'utf8'),
      'text/css; charset=utf-8',
    ],
    '/docs': [() => read('docs.html'), 'text/html; charset=utf-8'],
    '/docs/init.js': [() => read('docs-init.js'), 'text/javascript; charset=utf-8'],
    '/examples/widget.html': [() => read('examples/widget.html'), 'text/html; charset=utf-8'],
    '/examples/widget-example.js': [() => read('examples/widget-example.js'), 'text/javascript; charset=utf-8'],
    '/examples/instantsearch.html': [() => read('examples/instantsearch.html'), 'text/html; charset=utf-8'],
    '/examples/instantsearch-example.js': [
      () => read('examples/instantsearch-example.js'),
      'text/javascript; charset=utf-8',
    ],
    '/examples/example.css': [() => read('examples/example.css'), 'text/css; charset=utf-8'],
    '/vendor/instantsearch.production.min.js': [
      () => readFileSync(path.join(instantsearchDir, 'dist', 'instantsearch.production.min.js'), 'utf8'),
      'text/javascript; charset=utf-8',
    ],
  };
  for (const [route, [load, type]] of Object.entries(files)) {
    const body = load();
    app.get(route, (c) => {
      c.header('content-type', type);
      c.header('x-content-type-options', 'nosniff');
      if (type.startsWith('text/html')) c.header('content-security-policy', CSP);
      // The widget and the InstantSearch adapter run on other sites' pages; they are public code, not data. A module
      // script is fetched in CORS mode, so without this header no other site could import the adapter.
      if (route === '/widget.js' || route === '/instantsearch.js') c.header('access-control-allow-origin', '*');
      return c.body(body);
    });
  }
  for (const [name, type] of [
    ['swagger-ui.css', 'text/css'],
    ['swagger-ui-bundle.js', 'text/javascript'],
  ] as const) {
    const body = readFileSync(path.join(swaggerDir, name), 'utf8');
    app.get(`/docs/${name}`, (c) => c.body(body, 200, { 'content-type': `${type}; charset=utf-8` }));
  }
  return app;
}

// Builds the console into console/dist, which emsec serves at /emsec/console/ (src/server/console.ts).
// Preact's automatic JSX runtime; no inline scripts or styles, so the server's strict
// Content-Security-Policy holds; nothing is loaded from another origin at run time.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/emsec/console/',
  // emsec-client from its sources: the console does not wait for the client's own build.
  resolve: { alias: { 'emsec-client': fileURLToPath(new URL('../client/src/index.ts', import.meta.url)) } },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No data: URLs for assets and no modulepreload polyfill: every file is its own request under 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
    sourcemap: false,
  },
});

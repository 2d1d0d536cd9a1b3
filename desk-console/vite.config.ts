import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// The desk console: built into dist/desk-console and served by the bot's server under /desk
// (desk/api/console-routes.ts). Everything is an external file, so the page runs under the
// desk's CSP (default-src 'self') with no inline script or style.
export default defineConfig({
  root: here,
  base: '/desk/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/desk-console', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // No inline data: URLs for fonts or images; CSP allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // Maps are written for debugging a build, not referenced or served.
    sourcemap: 'hidden',
  },
  server: {
    // `vite --config desk-console/vite.config.ts` for work on the console: the API comes from a running server.
    proxy: { '/desk/api': { target: 'http://127.0.0.1:3978', changeOrigin: false } },
  },
});

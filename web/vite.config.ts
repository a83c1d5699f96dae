// Builds the workbench UI (web/) into dist/web/, which `idsift serve` hands out. Everything the
// page needs is bundled: no CDN, nothing fetched at run time, no inline script (the server's CSP
// forbids it).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
  },
});

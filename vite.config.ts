import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer, built once for both shells: Electron loads it from disk (hence relative paths), the browser mode serves it.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 900,
  },
});

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
    // The first screen loads the app's shell only; the charting library, validation and forms come in their own chunks when a screen needs them.
    rolldownOptions: {
      output: {
        codeSplitting: {
          // A group takes the modules it names, not what they import (React stays with the first screen).
          includeDependenciesRecursively: false,
          groups: [
            { name: 'recharts', test: /node_modules[\\/](recharts|d3-[^\\/]+|victory-vendor|internmap|@reduxjs|redux|redux-thunk|reselect|immer|react-redux|decimal\.js-light|es-toolkit|eventemitter3|tiny-invariant|clsx)[\\/]/ },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
            { name: 'forms', test: /node_modules[\\/](react-hook-form|@hookform)[\\/]/ },
          ],
        },
      },
    },
  },
});

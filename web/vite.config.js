import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Built into web/dist, which `fullrecord serve` serves. Hashed asset names let the server give
// them long-lived caching; index.html is never cached.
export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
})

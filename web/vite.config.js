import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync, constants } from 'node:zlib'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Each text file of the bundle gets a gzip twin (name.gz) beside it, made once at build time;
// `fullrecord serve` sends the twin to browsers that accept gzip.
function precompress() {
  return {
    name: 'fullrecord-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(name)) continue
        const file = join(options.dir, name)
        const data = readFileSync(file)
        if (data.length < 1024) continue
        writeFileSync(file + '.gz', gzipSync(data, { level: constants.Z_BEST_COMPRESSION }))
      }
    },
  }
}

// Built into web/dist, which `fullrecord serve` serves. Hashed asset names let the server give
// them long-lived caching; index.html is never cached.
export default defineConfig({
  plugins: [vue(), precompress()],
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

// Uploads to /api/uploads with tus (resumable, 4 MiB chunks). Each upload is a reactive row the
// page shows: percent, done, the server's digests and what the file was attached to, or an error.
// tus keeps each upload's URL in localStorage (fingerprint), so a reload resumes where it stopped.
import { reactive } from 'vue'
import { useI18n } from 'vue-i18n'
import * as tus from 'tus-js-client'
import { api, csrf, errorText } from '../api/client.js'

export function useTusUpload() {
  const { t } = useI18n()

  // The server's {code, message, message_en} body when there is one; else a network message.
  function uploadError(e) {
    const body = e?.originalResponse?.getBody?.()
    if (body) {
      try {
        return errorText(JSON.parse(body), e.originalResponse.getStatus())
      } catch {
        /* not JSON */
      }
    }
    return t('upload.failed')
  }

  // Starts uploading `file` (a File) with extra tus metadata; returns its row at once.
  function start(file, extra = {}) {
    const type = file.type || 'application/octet-stream'
    const row = reactive({
      name: file.name,
      type,
      percent: 0,
      done: false,
      sha256: '',
      sm3: '',
      attached: null,
      error: '',
      resumed: false,
      resumedAt: 0,
    })
    const upload = new tus.Upload(file, {
      endpoint: '/api/uploads',
      chunkSize: 4 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000],
      metadata: { filename: file.name, filetype: type, ...extra },
      headers: { 'X-CSRF-Token': csrf() },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onProgress: (sent, total) => {
        row.percent = Math.floor((sent / total) * 100)
      },
      onError: (e) => {
        row.error = uploadError(e)
      },
      onSuccess: async () => {
        row.done = true
        row.percent = 100
        try {
          const id = upload.url.split('/').pop()
          const result = await api.get(`/api/uploads/${id}/result`)
          Object.assign(row, {
            sha256: result.sha256,
            sm3: result.sm3,
            attached: result.attached || null,
          })
        } catch (e) {
          row.error = e.message
        }
      },
    })
    upload.options.onAfterResponse = (req, res) => {
      // The first answer of a resumed upload is the HEAD with the offset the server already holds.
      if (row.resumed && !row.resumedAt && req.getMethod() === 'HEAD') {
        const offset = Number(res.getHeader('Upload-Offset') || 0)
        row.resumedAt = Math.max(1, Math.floor((offset / file.size) * 100))
      }
    }
    upload.findPreviousUploads().then((previous) => {
      if (previous.length) {
        upload.resumeFromPreviousUpload(previous[0])
        row.resumed = true
      }
      upload.start()
    })
    return row
  }

  return { start }
}

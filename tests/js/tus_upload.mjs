// Uploads a file to fullrecord with the real tus-js-client, as the web UI does, and prints one
// JSON line: the upload URL, the digests the server answered with, and the offset a resumed
// upload started from. Used by tests/integration/api_tus.sh and bench/upload_bench.sh.
//
//   node tus_upload.mjs --endpoint http://127.0.0.1:PORT/api/uploads --file F \
//        --cookie 'fr_session=…' --csrf TOKEN [--chunk-size BYTES] [--metadata JSON]
//        [--stop-at FRACTION --url-file PATH]   write the URL once FRACTION is sent, then wait
//                                               to be cut off (the test kills the server)
//        [--resume URL]                         continue an upload from its URL (no endpoint:
//                                               a lost upload fails instead of starting over)
// Exit codes: 0 finished, 3 interrupted (the connection was cut), 1 other failure.
import { createHash } from 'node:crypto';
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import * as tus from 'tus-js-client';

function parseArgs(argv) {
  const args = {};
  for (let i = 2; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--')) throw new Error(`unexpected argument ${argv[i]}`);
    args[argv[i].slice(2)] = argv[i + 1];
  }
  for (const need of ['file', 'cookie', 'csrf']) {
    if (!args[need]) throw new Error(`--${need} is required`);
  }
  if (!args.endpoint && !args.resume) throw new Error('--endpoint or --resume is required');
  return args;
}

function fileSha256(path) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

function upload(args, size) {
  return new Promise((resolve) => {
    const out = { url: args.resume || null, start_offset: null, sha256: null, sm3: null };
    let urlWritten = false;
    const options = {
      uploadSize: size,
      chunkSize: args['chunk-size'] ? Number(args['chunk-size']) : Infinity,
      headers: { Cookie: args.cookie, 'X-CSRF-Token': args.csrf },
      metadata: args.metadata ? JSON.parse(args.metadata) : {},
      retryDelays: null,
      storeFingerprintForResuming: false,
      onAfterResponse(req, res) {
        const method = req.getMethod();
        if (method === 'HEAD' && out.start_offset === null) {
          out.start_offset = Number(res.getHeader('Upload-Offset'));
        }
        if (res.getHeader('Upload-Sha256')) {
          out.sha256 = res.getHeader('Upload-Sha256');
          out.sm3 = res.getHeader('Upload-Sm3');
        }
      },
      onProgress(sent, total) {
        if (!args['stop-at'] || urlWritten || sent < Number(args['stop-at']) * total) return;
        urlWritten = true;
        writeFileSync(args['url-file'], `${tusUpload.url}\n`);
      },
      onSuccess() {
        out.url = tusUpload.url;
        if (out.start_offset === null) out.start_offset = 0;
        resolve({ code: 0, out });
      },
      onError(err) {
        out.url = tusUpload.url;
        out.error = String(err.message || err).slice(0, 500);
        const cut = !err.originalResponse;  // no HTTP answer: the connection went away
        resolve({ code: cut ? 3 : 1, out });
      },
    };
    if (args.resume) options.uploadUrl = args.resume;
    else options.endpoint = args.endpoint;
    const tusUpload = new tus.Upload(createReadStream(args.file), options);
    tusUpload.start();
  });
}

const args = parseArgs(process.argv);
const size = statSync(args.file).size;
const { code, out } = await upload(args, size);
if (code === 0) {
  out.expected_sha256 = await fileSha256(args.file);
  out.match = out.sha256 === out.expected_sha256;
}
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(code === 0 && !out.match ? 1 : code);

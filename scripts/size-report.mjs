// Prints what each kind of reader downloads, raw and gzip -9, against its budget
// (BENCHMARKS.md):
//   the standalone page: index.html, its JS glue and wasm, style.css (budget 350 KB gzip);
//   an embedded flow widget before it is live: the embedding script, the lean explainer's JS
//   glue and wasm, style.css (budget 200 KB gzip; a prerendered widget skips style.css);
//   the page's Web Worker: its script and wasm, fetched only when a large job starts (no
//   budget: it is built for speed, and its bytes are printed to be followed).
// Run by Trunk after each build (a post_build hook, on the staging dir) and usable alone:
// `node scripts/size-report.mjs [DIR]`. Debug builds are skipped: their size means nothing.
// With PVP_SIZE_STRICT=1 a figure over its budget makes it exit 1.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const KB = 1000;
const readers = [
  {
    name: 'standalone page',
    budget: 350 * KB,
    files: ['index.html', 'pv-playground.js', 'pv-playground_bg.wasm', 'style.css'],
  },
  {
    name: 'embedded flow widget (before it is live)',
    budget: 200 * KB,
    files: ['pv-playground-embed.js', 'pv-explainer.js', 'pv-explainer_bg.wasm', 'style.css'],
  },
  {
    name: "page's Web Worker (fetched when a large job starts)",
    budget: null,
    files: ['pv-worker.js', 'pv-worker_bg.wasm'],
  },
];

let over = false;
for (const reader of readers) {
  let raw = 0;
  let gzip = 0;
  const parts = [];
  for (const file of reader.files) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      parts.push(`${file} missing`);
      continue;
    }
    const bytes = readFileSync(path);
    const gz = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
    raw += bytes.length;
    gzip += gz;
    parts.push(`${file} ${gz} B`);
  }
  let verdict = 'no budget';
  if (reader.budget !== null) {
    verdict = `${gzip <= reader.budget ? 'within' : 'OVER'} its ${reader.budget / KB} KB budget`;
    if (gzip > reader.budget) over = true;
  }
  console.log(`size: ${reader.name}: ${gzip} B gzip (${raw} B raw), ${verdict} [${parts.join(', ')}]`);
}
if (over && process.env.PVP_SIZE_STRICT === '1') process.exit(1);

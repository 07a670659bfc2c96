// Prints the built page's bytes, raw and gzip -9, by kind (wasm, JS, CSS, HTML) and in total
// (the embedding script included, the example pages in examples/ not), and apart from them
// the Web Worker's (pv-worker.js and its wasm): it is fetched only when a large job starts.
// Run by Trunk after each build (as a post_build hook, on the staging dir) and usable alone:
// `node scripts/size-report.mjs [DIR]`. Debug builds are skipped: their size means nothing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const kinds = { '.wasm': 'wasm', '.js': 'JS', '.css': 'CSS', '.html': 'HTML' };
const totals = {};
const worker = { raw: 0, gzip: 0 };
function walk(path) {
  for (const entry of readdirSync(path)) {
    // The example pages (the mdBook book's own scripts and styles) are not the page.
    if (path === dir && entry === 'examples') continue;
    const full = join(path, entry);
    if (statSync(full).isDirectory()) { walk(full); continue; }
    const kind = kinds[extname(entry)];
    if (!kind) continue;
    const bytes = readFileSync(full);
    const gz = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
    const into = entry.startsWith('pv-worker') ? worker : (totals[kind] ??= { raw: 0, gzip: 0 });
    into.raw += bytes.length;
    into.gzip += gz;
  }
}
walk(dir);
const parts = ['wasm', 'JS', 'CSS', 'HTML'].map((k) => {
  const t = totals[k] ?? { raw: 0, gzip: 0 };
  return `${k} ${t.raw} B raw / ${t.gzip} B gzip`;
});
const raw = Object.values(totals).reduce((s, t) => s + t.raw, 0);
const gzip = Object.values(totals).reduce((s, t) => s + t.gzip, 0);
console.log(`page size: ${parts.join(', ')}; total ${raw} B raw / ${gzip} B gzip`);
console.log(`worker (fetched when a large job starts): ${worker.raw} B raw / ${worker.gzip} B gzip`);

// Runs many kubectl oracle cases in one process, for the console's native oracle test
// (tests/console_oracle.rs): reads a JSON file
//   {"cases": [{"objects": "<path of a kind: List JSON>", "now": "<RFC 3339>", "args": [...], "stdin": "..."}]}
// and prints a JSON array with, per case in order, {"stdout", "stderr", "status"} as the real
// kubectl printed them at that "now" (oracle.mjs explains how ages are made exact).
//
//   node tests/kubectl/batch.mjs cases.json [--jobs N]

import fs from 'node:fs';
import { runKubectl } from './oracle.mjs';
import { loadObjects } from './fake-apiserver.mjs';

async function main(argv) {
  const file = argv[0];
  if (!file) {
    process.stderr.write('usage: node tests/kubectl/batch.mjs cases.json [--jobs N]\n');
    return 2;
  }
  const jobs = argv.includes('--jobs') ? Number(argv[argv.indexOf('--jobs') + 1]) : 3;
  const { cases } = JSON.parse(fs.readFileSync(file, 'utf8'));
  const objectsByFile = new Map();
  const objectsOf = (path) => {
    if (!objectsByFile.has(path)) objectsByFile.set(path, loadObjects(path));
    return objectsByFile.get(path);
  };
  const results = new Array(cases.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(jobs, cases.length) }, async () => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i];
      const r = await runKubectl({ args: c.args, stdin: c.stdin, objects: objectsOf(c.objects), now: c.now });
      if (r.timedOut) throw new Error(`kubectl ${c.args.join(' ')}: did not finish`);
      if (r.agesExact === false) throw new Error(`kubectl ${c.args.join(' ')}: never ran within one wall-clock second, ages would not be exact`);
      results[i] = { stdout: r.stdout, stderr: r.stderr, status: r.status };
    }
  }));
  process.stdout.write(JSON.stringify(results));
  return 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
  process.stderr.write(`batch: ${e.stack || e}\n`);
  process.exitCode = 2;
});

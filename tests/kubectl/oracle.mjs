// The kubectl oracle: runs the real kubectl against fake-apiserver.mjs and returns exactly what
// it printed, as if kubectl had run at the scenario's fixed "now".
//
//   node tests/kubectl/oracle.mjs --objects objects.json -- describe pvc data -n shop
//   node tests/kubectl/oracle.mjs --objects objects.json --json -- get pv nope
//   node tests/kubectl/oracle.mjs --objects objects.json --stdin pvc.yaml -- apply -f -
//
// Options (before `--`):
//   --objects FILE   a JSON `kind: List` (or array) of the objects to serve (default: none)
//   --now TIME       the scenario's "now", RFC 3339 (default DEFAULT_NOW below)
//   --stdin FILE     what kubectl reads on its standard input (`-` for ours)
//   --json           print {args, stdin, stdout, stderr, status, kubectlVersion} as JSON
//   --requests       with --json, add the requests kubectl made
//   --real-time      serve timestamps as they are (ages then depend on the wall clock)
//   --kubectl PATH   the kubectl to run (default $KUBECTL or /usr/bin/kubectl)
// Without --json, kubectl's stdout goes to stdout, its stderr to stderr, and the exit status is
// kubectl's.
//
// How ages become deterministic (README.md, "Time"): kubectl computes ages as its wall clock
// minus the served timestamps, truncated to whole seconds. The oracle waits for the start of a
// wall-clock second S, tells the server to serve every timestamp moved by S - now, and runs
// kubectl; if kubectl has exited before S + 1 s, every age it printed is exactly
// now - timestamp, as if its clock had read `now`. Otherwise it tries again. The absolute
// times kubectl printed (RFC 3339 in -o yaml/json, RFC 1123Z such as
// "Mon, 02 Jun 2025 09:55:00 +0000" in describe) are then moved back by the same amount. Both
// formats have a fixed width, so no column moves. The result is what kubectl prints when its
// clock reads `now`: our Rust side sets its clock to `now` and must print the same bytes.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeApiServer, loadObjects, collectTimes } from './fake-apiserver.mjs';

/** The scenario "now" of the golden files: a Monday, so weekday names show in RFC 1123 dates. */
export const DEFAULT_NOW = '2025-06-02T10:00:00Z';
export const DEFAULT_KUBECTL = process.env.KUBECTL || '/usr/bin/kubectl';

/**
 * The version of the kubectl that the dispatcher runs for our server (from the User-Agent of
 * its requests: `kubectl/v1.32.4 (linux/amd64) ...`). Runs kubectl once.
 */
export async function kubectlVersion(kubectl = DEFAULT_KUBECTL) {
  const r = await runKubectl({ args: ['get', '--raw', '/version'], kubectl, realTime: true });
  if (!r.kubectlVersion) throw new Error(`could not tell kubectl's version: ${r.stderr}`);
  return r.kubectlVersion;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function kubeconfigFor(url, namespace = 'default') {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: fake',
    '  cluster:',
    `    server: ${url}`,
    'contexts:',
    '- name: fake',
    '  context:',
    '    cluster: fake',
    '    user: fake',
    `    namespace: ${namespace}`,
    'current-context: fake',
    'users:',
    '- name: fake',
    '  user: {}',
    '',
  ].join('\n');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n, w = 2) => String(n).padStart(w, '0');

/** Go's time.RFC1123Z in UTC: "Mon, 02 Jan 2006 15:04:05 +0000". */
export function rfc1123z(ms) {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCFullYear(), 4)} `
    + `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

const ISO_IN_TEXT = /(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z/g;
const RFC1123Z_IN_TEXT = /(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) \+0000/g;
const GO_DEFAULT_IN_TEXT = /(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d+)? \+0000 UTC/g;

/**
 * Moves the absolute times in kubectl's output back by `shift` ms. Only times that were served
 * (their seconds, less `shift`, are in `known`) move; any other date-like text stays.
 */
export function unshiftText(text, shift, known) {
  if (!shift) return text;
  const back = (ms) => (known.has(ms - shift) ? ms - shift : null);
  text = text.replace(ISO_IN_TEXT, (all, y, mo, d, h, mi, s, frac) => {
    const t = back(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
    return t === null ? all : new Date(t).toISOString().slice(0, 19) + (frac || '') + 'Z';
  });
  text = text.replace(RFC1123Z_IN_TEXT, (all, _dow, d, mon, y, h, mi, s) => {
    const t = back(Date.UTC(+y, MONTHS.indexOf(mon), +d, +h, +mi, +s));
    return t === null ? all : rfc1123z(t);
  });
  text = text.replace(GO_DEFAULT_IN_TEXT, (all, y, mo, d, h, mi, s, frac) => {
    const t = back(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
    return t === null ? all : `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')}${frac || ''} +0000 UTC`;
  });
  return text;
}

function runProcess(cmd, args, { env, stdin, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        status: code ?? (signal ? 128 : 1),
        timedOut,
        end: Date.now(),
      });
    });
    child.stdin.on('error', () => {}); // kubectl may exit without reading its input
    child.stdin.end(stdin ?? '');
  });
}

/**
 * Runs the real kubectl once against a fresh fake API server serving `objects`.
 * @param {object} o
 * @param {string[]} o.args kubectl's arguments
 * @param {object[]} [o.objects] the cluster's objects (each with apiVersion and kind)
 * @param {string} [o.stdin]
 * @param {string} [o.now] the scenario's "now" (RFC 3339)
 * @param {boolean} [o.realTime] serve timestamps unchanged
 * @param {string} [o.kubectl]
 * @param {string} [o.namespace] the kubeconfig context's namespace (default "default")
 * @param {number} [o.timeoutMs] per attempt (default 20 s); a run killed for time has `timedOut`
 * @param {number} [o.attempts] how many tries to fit a run in one wall-clock second (default 4)
 * @returns {Promise<{stdout:string, stderr:string, status:number, timedOut:boolean, agesExact:boolean, kubectlVersion:string, attempts:number, requests:object[]}>}
 *   agesExact is false when kubectl ran longer than a second every time (or with realTime):
 *   then the ages it printed may be a second or more off.
 */
export async function runKubectl(o) {
  const now = o.now || DEFAULT_NOW;
  const nowMs = Date.parse(now);
  if (Number.isNaN(nowMs) || nowMs % 1000 !== 0) throw new Error(`now must be an RFC 3339 time in whole seconds: ${now}`);
  const objects = o.objects || [];
  const server = await startFakeApiServer({ objects, now: o.realTime ? undefined : now });
  const attempts = o.attempts ?? 4;
  try {
    for (let attempt = 1; ; attempt++) {
      server.reset(objects);
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-oracle-'));
      try {
        fs.writeFileSync(path.join(home, 'kubeconfig'), kubeconfigFor(server.url, o.namespace));
        const env = {
          PATH: process.env.PATH || '/usr/bin:/bin',
          HOME: home,
          TZ: 'UTC',
          KUBECONFIG: path.join(home, 'kubeconfig'),
          KUBECACHEDIR: path.join(home, 'cache'),
        };
        let base = 0;
        if (!o.realTime) {
          // Start at the beginning of a wall-clock second, so a run has the rest of it.
          const frac = Date.now() % 1000;
          if (frac > 100) await sleep(1000 - frac + 2);
          base = Math.floor(Date.now() / 1000) * 1000;
          server.setTimeShift(base - nowMs);
        }
        const r = await runProcess(o.kubectl || DEFAULT_KUBECTL, o.args, { env, stdin: o.stdin, timeoutMs: o.timeoutMs ?? 20000 });
        const inTime = o.realTime || r.end - base < 1000;
        // A run that missed its second is run again; one that is slow every time (kubectl
        // waiting for something) is returned as it is, marked agesExact: false.
        if (!inTime && !r.timedOut && attempt < attempts) continue;
        const known = collectTimes(objects);
        collectTimes(server.objects, known);
        known.add(nowMs);
        const shift = server.timeShift;
        // kubectl's User-Agent: "kubectl/v1.32.4 (linux/amd64) ..." (or "kubectl.1.32/v1.32.5 ..."
        // when a versioned binary is run directly); the dispatcher's own is "kubectl-dispatcher/...".
        const ua = server.requests.map((q) => /^kubectl(?:\.[\d.]+)?\/(v[^ ]+)/.exec(q.userAgent)?.[1]).find(Boolean) || '';
        return {
          stdout: unshiftText(r.stdout, shift, known),
          stderr: unshiftText(r.stderr, shift, known),
          status: r.status,
          timedOut: r.timedOut,
          agesExact: !o.realTime && inTime,
          kubectlVersion: ua,
          attempts: attempt,
          requests: server.requests.map((q) => ({ ...q })),
        };
      } finally {
        fs.rmSync(home, { recursive: true, force: true });
      }
    }
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------
// As a program.

async function main(argv) {
  const dash = argv.indexOf('--');
  if (dash < 0) {
    process.stderr.write('usage: node tests/kubectl/oracle.mjs [--objects FILE] [--now TIME] [--stdin FILE|-] [--json] [--requests] [--real-time] [--kubectl PATH] -- KUBECTL-ARGS...\n');
    return 2;
  }
  const own = argv.slice(0, dash);
  const args = argv.slice(dash + 1);
  const opt = (name) => { const i = own.indexOf(name); return i >= 0 ? own[i + 1] : undefined; };
  const stdinFile = opt('--stdin');
  const stdin = stdinFile === '-' ? fs.readFileSync(0, 'utf8') : stdinFile ? fs.readFileSync(stdinFile, 'utf8') : undefined;
  const r = await runKubectl({
    args,
    objects: opt('--objects') ? loadObjects(opt('--objects')) : [],
    now: opt('--now'),
    stdin,
    realTime: own.includes('--real-time'),
    kubectl: opt('--kubectl'),
  });
  if (own.includes('--json')) {
    const out = { args, stdin, stdout: r.stdout, stderr: r.stderr, status: r.status, kubectlVersion: r.kubectlVersion };
    if (r.timedOut) out.timedOut = true;
    if (!r.agesExact) out.agesExact = false;
    if (own.includes('--requests')) out.requests = r.requests.map(({ method, url, accept, contentType, body, code }) => ({ method, url, accept, contentType, body, code }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  if (r.timedOut) process.stderr.write('oracle: kubectl did not finish in time and was killed\n');
  else if (!r.agesExact && !own.includes('--real-time')) process.stderr.write('oracle: kubectl ran longer than a second: ages may be off\n');
  return r.status;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => { process.stderr.write(`oracle: ${e.stack || e}\n`); process.exitCode = 2; });
}

// Captures the golden files: what the real kubectl prints for each case below, against the
// cluster in cluster.mjs served by fake-apiserver.mjs, at the scenario time NOW.
//
//   node tests/kubectl/capture.mjs                 # (re)write tests/kubectl/golden/
//   node tests/kubectl/capture.mjs --check         # compare with golden/, exit 1 on a difference
//   node tests/kubectl/capture.mjs --only a,b      # just these cases (with or without --check)
//   node tests/kubectl/capture.mjs --list          # the case names
//
// For each case NAME, golden/ holds:
//   NAME.json    the command (args, and stdin if any), the objects file it ran against, the
//                scenario time, kubectl's exit status and version, and `serverText` when part of
//                the output is a message the fake server writes in the API server's stead
//   NAME.stdout  kubectl's standard output, byte for byte
//   NAME.stderr  kubectl's standard error, byte for byte
// and cluster.json / empty.json are the objects files.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runKubectl, kubectlVersion } from './oracle.mjs';
import { NOW, clusterList } from './cluster.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const GOLDEN = path.join(here, 'golden');

const PV_WEB0 = 'pvc-6a1c2f1e-4b7d-4e2a-9c3f-1d5e7a9b2c41';

// Manifests for apply and create.
const newClaim = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: invoices
  namespace: shop
spec:
  accessModes:
  - ReadWriteOnce
  resources:
    requests:
      storage: 5Gi
`;
const uploadsAsApplied = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: uploads
  namespace: shop
spec:
  accessModes:
  - ReadWriteMany
  resources:
    requests:
      storage: 50Gi
  storageClassName: ""
`;
// A change a real API server accepts on a bound claim (growing it would be refused: its
// volume was not dynamically provisioned by a class that allows expansion).
const uploadsLabelled = uploadsAsApplied.replace('  namespace: shop\n', '  namespace: shop\n  labels:\n    tier: shared\n');
const legacyManifest = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: legacy
  namespace: shop
  labels:
    tier: archive
spec:
  accessModes:
  - ReadWriteOnce
  resources:
    requests:
      storage: 500Gi
  storageClassName: ""
`;
const newVolumeAndClaim = `apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-nfs-archive
spec:
  capacity:
    storage: 1Ti
  accessModes:
  - ReadOnlyMany
  nfs:
    server: 10.0.0.5
    path: /exports/archive
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: archive
  namespace: shop
spec:
  accessModes:
  - ReadOnlyMany
  storageClassName: ""
  volumeName: pv-nfs-archive
  resources:
    requests:
      storage: 1Ti
`;
const brokenYaml = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: broken
   namespace: shop
`;
const noKind = `apiVersion: v1
metadata:
  name: nokind
`;

/**
 * The cases. `objects` defaults to cluster.json. `serverText`: the output contains a message
 * the real API server would write, here written by the fake server after the API server's code
 * (so it is only as right as that emulation; see README.md). `slow`: kubectl waits on purpose
 * (for more than a second), and prints no age.
 */
export const CASES = [
  // describe: volumes, one per phase and source
  { name: 'describe-pv-nfs-available', args: ['describe', 'pv', 'pv-nfs-shared'] },
  { name: 'describe-pv-nfs-bound', args: ['describe', 'pv', 'pv-nfs-uploads'] },
  { name: 'describe-pv-csi-bound', args: ['describe', 'pv', PV_WEB0] },
  { name: 'describe-pv-local', args: ['describe', 'pv', 'pv-local-a'] },
  { name: 'describe-pv-hostpath-released', args: ['describe', 'pv', 'pv-hostpath-old'] },
  { name: 'describe-pv-hostpath-failed', args: ['describe', 'pv', 'pv-failed'] },
  { name: 'describe-pv-block', args: ['describe', 'pv', 'pv-block-1'] },
  // describe: claims
  { name: 'describe-pvc-bound-provisioned', args: ['describe', 'pvc', 'data-web-0', '-n', 'shop'] },
  { name: 'describe-pvc-pending-wait-for-pod', args: ['describe', 'pvc', 'data-web-1', '-n', 'shop'] },
  { name: 'describe-pvc-pending-provisioning-failed', args: ['describe', 'pvc', 'reports', '-n', 'shop'] },
  { name: 'describe-pvc-pending-failed-binding', args: ['describe', 'pvc', 'legacy', '-n', 'shop'] },
  { name: 'describe-pvc-terminating', args: ['describe', 'pvc', 'old-data', '-n', 'shop'] },
  { name: 'describe-pvc-filesystem-resize-pending', args: ['describe', 'pvc', 'pg-data', '-n', 'shop'] },
  { name: 'describe-pvc-resizing', args: ['describe', 'pvc', 'logs', '-n', 'shop'] },
  { name: 'describe-pvc-rwx-two-pods', args: ['describe', 'pvc', 'uploads', '-n', 'shop'] },
  { name: 'describe-pvc-local', args: ['describe', 'pvc', 'db-data', '-n', 'shop'] },
  { name: 'describe-pvc-all-in-namespace', args: ['describe', 'pvc', '-n', 'staging'] },
  { name: 'describe-pvc-name-prefix', args: ['describe', 'pvc', 'data-web', '-n', 'shop'] },
  // describe: classes
  { name: 'describe-sc-default', args: ['describe', 'sc', 'fast'] },
  { name: 'describe-sc-wait-for-first-consumer', args: ['describe', 'storageclass', 'slow'] },
  { name: 'describe-sc-no-provisioner', args: ['describe', 'sc', 'local-storage'] },
  { name: 'describe-sc-all', args: ['describe', 'sc'] },
  // describe: pods, nodes, workloads
  { name: 'describe-pod-running', args: ['describe', 'pod', 'web-0', '-n', 'shop'] },
  { name: 'describe-pod-pending', args: ['describe', 'pod', 'web-1', '-n', 'shop'] },
  { name: 'describe-pod-two-claims', args: ['describe', 'pod', 'pg', '-n', 'shop'] },
  { name: 'describe-pod-besteffort-command', args: ['describe', 'pod', 'batch-old', '-n', 'shop'] },
  { name: 'describe-node-with-lease', args: ['describe', 'node', 'node-a'] },
  { name: 'describe-node-tainted-no-lease', args: ['describe', 'node', 'node-b'] },
  { name: 'describe-statefulset', args: ['describe', 'statefulset', 'web', '-n', 'shop'] },
  { name: 'describe-deployment', args: ['describe', 'deployment', 'api', '-n', 'shop'] },
  // get -o yaml|json|name|jsonpath|custom-columns (all formatted by kubectl)
  { name: 'get-pv-yaml', args: ['get', 'pv', PV_WEB0, '-o', 'yaml'] },
  { name: 'get-pvc-yaml', args: ['get', 'pvc', 'pg-data', '-n', 'shop', '-o', 'yaml'] },
  { name: 'get-pvc-json', args: ['get', 'pvc', 'data-web-0', '-n', 'shop', '-o', 'json'] },
  { name: 'get-sc-json', args: ['get', 'sc', 'slow', '-o', 'json'] },
  { name: 'get-pvc-list-yaml', args: ['get', 'pvc', '-n', 'staging', '-o', 'yaml'] },
  { name: 'get-pv-name', args: ['get', 'pv', '-o', 'name'] },
  { name: 'get-pv-one-name', args: ['get', 'pv', 'pv-failed', '-o', 'name'] },
  { name: 'get-pvc-all-namespaces-name', args: ['get', 'pvc', '-A', '-o', 'name'] },
  { name: 'get-sts-name', args: ['get', 'sts', 'web', '-n', 'shop', '-o', 'name'] },
  { name: 'get-pv-label-selector-name', args: ['get', 'pv', '-l', 'type=nfs', '-o', 'name'] },
  { name: 'get-pv-jsonpath', args: ['get', 'pv', 'pv-failed', '-o', 'jsonpath={.status.message}'] },
  { name: 'get-pvc-custom-columns', args: ['get', 'pvc', '-n', 'shop', '-o', 'custom-columns=NAME:.metadata.name,STATUS:.status.phase,VOLUME:.spec.volumeName,CAPACITY:.status.capacity.storage'] },
  { name: 'get-pvc-one-missing-name', args: ['get', 'pvc', 'data-web-0', 'nope', '-n', 'shop', '-o', 'name'] },
  // errors and empty results
  { name: 'error-get-pv-not-found', args: ['get', 'pv', 'nope'] },
  { name: 'error-get-pvc-not-found', args: ['get', 'pvc', 'nope', '-n', 'shop'] },
  { name: 'error-get-sc-not-found', args: ['get', 'sc', 'nope'] },
  { name: 'error-get-pod-not-found', args: ['get', 'pod', 'nope', '-n', 'shop'] },
  { name: 'error-get-node-not-found', args: ['get', 'node', 'nope'] },
  { name: 'error-get-sts-not-found', args: ['get', 'statefulset', 'nope', '-n', 'shop'] },
  { name: 'error-get-deployment-not-found', args: ['get', 'deployment', 'nope', '-n', 'shop'] },
  { name: 'error-describe-pv-not-found', args: ['describe', 'pv', 'nope'] },
  { name: 'error-describe-pvc-not-found', args: ['describe', 'pvc', 'nope', '-n', 'shop'] },
  { name: 'error-describe-pvc-other-namespace', args: ['describe', 'pvc', 'data-web-0'] },
  { name: 'error-describe-sc-not-found', args: ['describe', 'sc', 'nope'] },
  { name: 'error-describe-pod-not-found', args: ['describe', 'pod', 'nope', '-n', 'shop'] },
  { name: 'error-describe-pod-deleted-with-events', args: ['describe', 'pod', 'migrate-schema', '-n', 'shop'] },
  { name: 'error-describe-node-not-found', args: ['describe', 'node', 'nope'] },
  { name: 'error-describe-sts-not-found', args: ['describe', 'sts', 'nope', '-n', 'shop'] },
  { name: 'error-describe-deployment-not-found', args: ['describe', 'deploy', 'nope', '-n', 'shop'] },
  { name: 'error-get-unknown-type', args: ['get', 'foo'] },
  { name: 'error-get-unknown-flag', args: ['get', 'pv', '--bogus'] },
  { name: 'error-get-no-type', args: ['get'] },
  { name: 'error-describe-no-type', args: ['describe'] },
  { name: 'empty-get-pvc-namespace', args: ['get', 'pvc', '-n', 'empty'] },
  { name: 'empty-describe-pvc-namespace', args: ['describe', 'pvc', '-n', 'empty'] },
  { name: 'empty-get-pv', args: ['get', 'pv'], objects: 'empty.json' },
  { name: 'empty-get-pv-name', args: ['get', 'pv', '-o', 'name'], objects: 'empty.json' },
  // delete
  { name: 'delete-pvc', args: ['delete', 'pvc', 'legacy', '-n', 'shop'] },
  { name: 'delete-pv', args: ['delete', 'pv', 'pv-nfs-shared'] },
  { name: 'delete-pvc-dry-run', args: ['delete', 'pvc', 'legacy', '-n', 'shop', '--dry-run=client'] },
  { name: 'error-delete-pvc-not-found', args: ['delete', 'pvc', 'nope', '-n', 'shop'] },
  // A claim a pod uses keeps its pvc-protection finalizer: it stays Terminating and kubectl
  // waits for it to go (forever without --timeout). Not captured with --timeout: kubectl then
  // sometimes logs a klog line (with time and pid) about the cancelled watch, sometimes not.
  { name: 'delete-pvc-in-use-no-wait', args: ['delete', 'pvc', 'data-web-0', '-n', 'shop', '--wait=false'] },
  // patch
  { name: 'patch-pv-claimref-null', args: ['patch', 'pv', 'pv-hostpath-old', '-p', '{"spec":{"claimRef":null}}'] },
  { name: 'patch-pv-no-change', args: ['patch', 'pv', 'pv-nfs-shared', '-p', '{"spec":{"claimRef":null}}'] },
  { name: 'patch-pv-merge', args: ['patch', 'pv', 'pv-failed', '--type', 'merge', '-p', '{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}'] },
  { name: 'patch-pvc-json', args: ['patch', 'pvc', 'logs', '-n', 'shop', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/resources/requests/storage","value":"40Gi"}]'] },
  { name: 'error-patch-invalid-json', args: ['patch', 'pv', 'pv-failed', '-p', '{"spec":{"claimRef":null}'], serverText: true },
  { name: 'error-patch-invalid-json-key', args: ['patch', 'pv', 'pv-failed', '-p', '{spec:{}}'], serverText: true },
  { name: 'error-patch-merge-invalid-json', args: ['patch', 'pv', 'pv-failed', '--type', 'merge', '-p', '{"spec":'], serverText: true },
  { name: 'error-patch-no-patch', args: ['patch', 'pv', 'pv-failed'] },
  { name: 'error-patch-not-found', args: ['patch', 'pvc', 'nope', '-n', 'shop', '-p', '{"metadata":{"labels":{"a":"b"}}}'] },
  // label
  { name: 'label-pv', args: ['label', 'pv', 'pv-nfs-shared', 'env=prod'] },
  { name: 'error-label-overwrite', args: ['label', 'pv', 'pv-nfs-shared', 'type=fast'] },
  { name: 'label-overwrite', args: ['label', 'pv', 'pv-nfs-shared', 'type=fast', '--overwrite'] },
  { name: 'label-remove', args: ['label', 'pv', 'pv-nfs-shared', 'type-'] },
  { name: 'label-no-change', args: ['label', 'pv', 'pv-nfs-shared', 'type=nfs', '--overwrite'] },
  { name: 'label-pvc', args: ['label', 'pvc', 'data-web-0', '-n', 'shop', 'backup=daily'] },
  // scale
  { name: 'scale-statefulset', args: ['scale', 'statefulset', 'web', '--replicas=1', '-n', 'shop'] },
  { name: 'scale-deployment', args: ['scale', 'deploy', 'api', '--replicas=3', '-n', 'shop'] },
  { name: 'error-scale-not-found', args: ['scale', 'sts', 'nope', '--replicas=1', '-n', 'shop'] },
  // apply and create
  { name: 'apply-create', args: ['apply', '-f', '-'], stdin: newClaim },
  { name: 'apply-unchanged', args: ['apply', '-f', '-'], stdin: uploadsAsApplied },
  { name: 'apply-configured', args: ['apply', '-f', '-'], stdin: uploadsLabelled },
  { name: 'apply-configured-missing-annotation', args: ['apply', '-f', '-'], stdin: legacyManifest },
  { name: 'apply-two-documents', args: ['apply', '-f', '-'], stdin: newVolumeAndClaim },
  { name: 'create', args: ['create', '-f', '-'], stdin: newClaim },
  { name: 'error-create-already-exists', args: ['create', '-f', '-'], stdin: uploadsAsApplied },
  { name: 'error-apply-invalid-yaml', args: ['apply', '-f', '-'], stdin: brokenYaml },
  { name: 'error-apply-no-kind', args: ['apply', '-f', '-'], stdin: noKind },
  { name: 'error-create-namespace-mismatch', args: ['create', '-f', '-', '-n', 'staging'], stdin: newClaim },
];

/** A shell command line for people: kubectl and the arguments, quoted where needed. */
export function commandLine(c) {
  const q = (a) => (/^[A-Za-z0-9_.,:=\/@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);
  return ['kubectl', ...c.args.map(q)].join(' ') + (c.stdin !== undefined ? ' < (stdin)' : '');
}

export function objectsFile(name) {
  return path.join(GOLDEN, name);
}

export function loadGoldenObjects(name) {
  return JSON.parse(fs.readFileSync(objectsFile(name), 'utf8')).items;
}

export function writeObjectsFiles() {
  fs.mkdirSync(GOLDEN, { recursive: true });
  fs.writeFileSync(objectsFile('cluster.json'), `${JSON.stringify(clusterList(), null, 2)}\n`);
  fs.writeFileSync(objectsFile('empty.json'), `${JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: [] }, null, 2)}\n`);
}

/** Reads one golden case: its metadata, stdout and stderr. */
export function readGolden(name) {
  const meta = JSON.parse(fs.readFileSync(path.join(GOLDEN, `${name}.json`), 'utf8'));
  return {
    ...meta,
    stdout: fs.readFileSync(path.join(GOLDEN, `${name}.stdout`), 'utf8'),
    stderr: fs.readFileSync(path.join(GOLDEN, `${name}.stderr`), 'utf8'),
  };
}

/** Runs one case with the real kubectl. */
export async function runCase(c) {
  const objectsName = c.objects || 'cluster.json';
  const r = await runKubectl({ args: c.args, stdin: c.stdin, objects: loadGoldenObjects(objectsName), now: NOW, attempts: c.slow ? 1 : undefined });
  if (r.timedOut) throw new Error(`${c.name}: kubectl did not finish`);
  // A slow case (kubectl waits on purpose) prints no age, so it needs no exact clock.
  if (!r.agesExact && !c.slow) throw new Error(`${c.name}: kubectl never finished within one wall-clock second, so its ages are not exact`);
  return { ...r, objectsName };
}

function metaOf(c, r, version) {
  const meta = { command: commandLine(c), args: c.args };
  if (c.stdin !== undefined) meta.stdin = c.stdin;
  meta.objects = r.objectsName;
  meta.now = NOW;
  meta.status = r.status;
  // Cases that fail before any request (a bad flag) do not show the version: use the probe's.
  if (r.kubectlVersion && r.kubectlVersion !== version) throw new Error(`${c.name}: kubectl ${r.kubectlVersion}, expected ${version}`);
  meta.kubectl = version;
  if (c.serverText) meta.serverText = true;
  if (c.slow) meta.slow = true;
  return meta;
}

async function pool(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

async function main(argv) {
  const check = argv.includes('--check');
  const onlyArg = argv.includes('--only') ? argv[argv.indexOf('--only') + 1].split(',') : null;
  if (argv.includes('--list')) { for (const c of CASES) process.stdout.write(`${c.name}\n`); return 0; }
  const names = new Set(CASES.map((c) => c.name));
  if (names.size !== CASES.length) throw new Error('duplicate case names');
  for (const n of onlyArg || []) if (!names.has(n)) throw new Error(`no case ${n}`);
  const cases = onlyArg ? CASES.filter((c) => onlyArg.includes(c.name)) : CASES;

  if (!check) writeObjectsFiles();
  const version = await kubectlVersion();
  process.stdout.write(`kubectl ${version}\n`);
  let failures = 0;
  await pool(cases, 2, async (c) => {
    const r = await runCase(c);
    const meta = metaOf(c, r, version);
    if (check) {
      const g = readGolden(c.name);
      const same = g.stdout === r.stdout && g.stderr === r.stderr && g.status === r.status && g.kubectl === version;
      if (!same) {
        failures++;
        process.stdout.write(`DIFFERS ${c.name}: ${commandLine(c)}\n`);
        if (g.status !== r.status) process.stdout.write(`  status: golden ${g.status}, now ${r.status}\n`);
        if (g.kubectl !== version) process.stdout.write(`  kubectl: golden ${g.kubectl}, now ${version}\n`);
        for (const stream of ['stdout', 'stderr']) {
          if (g[stream] !== r[stream]) process.stdout.write(`  ${stream}: golden ${JSON.stringify(g[stream])}\n  ${stream}: now    ${JSON.stringify(r[stream])}\n`);
        }
      } else process.stdout.write(`same    ${c.name}\n`);
      return;
    }
    fs.writeFileSync(path.join(GOLDEN, `${c.name}.json`), `${JSON.stringify(meta, null, 2)}\n`);
    fs.writeFileSync(path.join(GOLDEN, `${c.name}.stdout`), r.stdout);
    fs.writeFileSync(path.join(GOLDEN, `${c.name}.stderr`), r.stderr);
    process.stdout.write(`wrote   ${c.name} (status ${r.status}${r.attempts > 1 ? `, ${r.attempts} attempts` : ''})\n`);
  });
  if (!check && !onlyArg) {
    // Drop files of cases that no longer exist.
    for (const f of fs.readdirSync(GOLDEN)) {
      const m = /^(.*)\.(json|stdout|stderr)$/.exec(f);
      if (m && !f.startsWith('.') && !['cluster', 'empty'].includes(m[1]) && !names.has(m[1])) fs.rmSync(path.join(GOLDEN, f));
    }
  }
  if (check) process.stdout.write(failures ? `${failures} case(s) differ\n` : `all ${cases.length} cases as golden\n`);
  return failures ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => { process.stderr.write(`capture: ${e.stack || e}\n`); process.exitCode = 2; });
}

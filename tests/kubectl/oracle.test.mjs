// Self-test of the kubectl oracle: `node --test tests/kubectl/`.
//
// 1. A few golden cases, run again with the real kubectl, must print exactly what the golden
//    files hold (so a kubectl that prints differently, or an oracle that drifts, fails here).
// 2. The golden directory must match the case list in capture.mjs.
// 3. The pieces the oracle relies on (time shifting, selectors, patches, Go's JSON errors)
//    behave as the API server's do.
// It takes a few seconds. Without a kubectl at $KUBECTL or /usr/bin/kubectl, part 1 is skipped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CASES, GOLDEN, readGolden, runCase } from './capture.mjs';
import { DEFAULT_KUBECTL, unshiftText, rfc1123z, kubeconfigFor } from './oracle.mjs';
import {
  startFakeApiServer, shiftTimes, parseLabelSelector, matchesLabels, parseFieldSelector, matchesFields,
  strategicMergePatch, mergePatch, jsonPatch, goJsonSyntaxError, goUnmarshalError,
} from './fake-apiserver.mjs';

const haveKubectl = fs.existsSync(DEFAULT_KUBECTL);

// Chosen to cover: events merged and sorted with "(xN over M)" ages, the node's two event
// queries, absolute times moved back, a NotFound Status, apply's three-way patch and warning,
// a patch the server leaves unchanged, discovery's unknown type, an emulated server text.
const REPLAYED = [
  'describe-pvc-bound-provisioned',
  'describe-node-tainted-no-lease',
  'describe-pvc-filesystem-resize-pending',
  'error-get-pvc-not-found',
  'apply-configured-missing-annotation',
  'patch-pv-no-change',
  'error-get-unknown-type',
  'error-patch-invalid-json',
];

test('golden cases replay byte for byte with the real kubectl', { skip: !haveKubectl && `no kubectl at ${DEFAULT_KUBECTL}` }, async (t) => {
  await Promise.all(REPLAYED.map((name) => t.test(name, async () => {
    const c = CASES.find((x) => x.name === name);
    const golden = readGolden(name);
    const now = await runCase(c);
    assert.equal(now.stdout, golden.stdout, `${name}: stdout`);
    assert.equal(now.stderr, golden.stderr, `${name}: stderr`);
    assert.equal(now.status, golden.status, `${name}: exit status`);
    if (now.kubectlVersion) assert.equal(now.kubectlVersion, golden.kubectl, `${name}: kubectl version`);
  })));
});

test('the golden directory holds exactly the cases of capture.mjs, each with its command', () => {
  const files = fs.readdirSync(GOLDEN);
  for (const c of CASES) {
    for (const ext of ['json', 'stdout', 'stderr']) assert.ok(files.includes(`${c.name}.${ext}`), `${c.name}.${ext} is missing: run capture.mjs`);
    const g = readGolden(c.name);
    assert.deepEqual(g.args, c.args, `${c.name}: args changed since capture`);
    assert.equal(g.stdin, c.stdin, `${c.name}: stdin changed since capture`);
    assert.ok(files.includes(g.objects), `${c.name}: objects file ${g.objects}`);
  }
  const names = new Set(CASES.map((c) => c.name));
  for (const f of files.filter((x) => !x.startsWith('.'))) {
    const m = /^(.*)\.(json|stdout|stderr)$/.exec(f);
    assert.ok(m && (names.has(m[1]) || ['cluster', 'empty'].includes(m[1])), `stray golden file ${f}`);
  }
});

test('timestamps move forward when served and back in the output, keeping their width', () => {
  const obj = { a: '2025-06-02T09:15:00Z', b: ['2025-06-02T09:15:00.000000Z'], c: 'not a time', d: null };
  const shifted = shiftTimes(obj, 86_400_000 + 3_000);
  assert.deepEqual(shifted, { a: '2025-06-03T09:15:03Z', b: ['2025-06-03T09:15:03.000000Z'], c: 'not a time', d: null });
  const known = new Set([Date.parse('2025-06-02T09:15:00Z')]);
  const out = `x "2025-06-03T09:15:03Z" ${rfc1123z(Date.parse('2025-06-03T09:15:03Z'))} 2025-06-03T09:15:03.000000Z 2030-01-01T00:00:00Z`;
  assert.equal(unshiftText(out, 86_400_000 + 3_000, known),
    'x "2025-06-02T09:15:00Z" Mon, 02 Jun 2025 09:15:00 +0000 2025-06-02T09:15:00.000000Z 2030-01-01T00:00:00Z');
  assert.equal(rfc1123z(Date.parse('0001-01-01T00:00:00Z')), 'Mon, 01 Jan 0001 00:00:00 +0000');
});

test('label and field selectors', () => {
  const l = { app: 'web', tier: 'front' };
  assert.ok(matchesLabels(l, parseLabelSelector('app=web')));
  assert.ok(matchesLabels(l, parseLabelSelector('app in (web,api),tier,!gone')));
  assert.ok(!matchesLabels(l, parseLabelSelector('app notin (web)')));
  assert.ok(!matchesLabels(l, parseLabelSelector('tier!=front')));
  const ev = { involvedObject: { name: 'a,b', namespace: '', uid: 'u' }, source: { component: 'kubelet' } };
  assert.ok(matchesFields(ev, parseFieldSelector('involvedObject.name=a\\,b,involvedObject.namespace=,involvedObject.uid=u')));
  assert.ok(matchesFields(ev, parseFieldSelector('source=kubelet')));
  assert.ok(!matchesFields({ status: { phase: 'Failed' } }, parseFieldSelector('status.phase!=Failed')));
});

test('patches: strategic merge, merge, json', () => {
  const pod = { metadata: { finalizers: ['a'] }, spec: { containers: [{ name: 'c', image: 'x' }, { name: 'd', image: 'y' }] } };
  assert.deepEqual(strategicMergePatch(pod, { metadata: { finalizers: ['b'] }, spec: { containers: [{ name: 'd', image: 'z' }] } }),
    { metadata: { finalizers: ['a', 'b'] }, spec: { containers: [{ name: 'c', image: 'x' }, { name: 'd', image: 'z' }] } });
  assert.deepEqual(strategicMergePatch({ spec: { claimRef: { name: 'x' }, n: 1 } }, { spec: { claimRef: null } }), { spec: { n: 1 } });
  assert.deepEqual(mergePatch({ a: [1, 2], b: { c: 1 } }, { a: [3], b: { c: null } }), { a: [3], b: {} });
  assert.deepEqual(jsonPatch({ a: { b: [1] } }, [{ op: 'add', path: '/a/b/-', value: 2 }, { op: 'replace', path: '/a/c', value: 3 }].slice(0, 1)), { a: { b: [1, 2] } });
  assert.throws(() => jsonPatch({}, [{ op: 'remove', path: '/x' }]));
});

test("Go's encoding/json texts for bodies the API server cannot decode", () => {
  assert.equal(goJsonSyntaxError('{bad'), "invalid character 'b' looking for beginning of object key string");
  assert.equal(goJsonSyntaxError('{"a":1'), 'unexpected end of JSON input');
  assert.equal(goJsonSyntaxError('{"a":1}}'), "invalid character '}' after top-level value");
  assert.equal(goJsonSyntaxError('{"a" 1}'), "invalid character '1' after object key");
  assert.equal(goJsonSyntaxError("{'a':1}"), "invalid character '\\'' looking for beginning of object key string");
  assert.equal(goJsonSyntaxError('{"a":"\t"}'), "invalid character '\\t' in string literal");
  assert.equal(goJsonSyntaxError('[1,2] '), null);
  assert.equal(goUnmarshalError('[1]', 'map'), 'json: cannot unmarshal array into Go value of type map[string]interface {}');
  assert.equal(goUnmarshalError('{}', 'jsonPatchOps'), 'json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp');
});

test('the fake server answers like an API server', async () => {
  const srv = await startFakeApiServer({
    now: '2025-06-02T10:00:00Z',
    objects: [
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c', namespace: 'shop', finalizers: ['kubernetes.io/pvc-protection'] }, spec: {} },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'c' } }] }, status: { phase: 'Running' } },
    ],
  });
  try {
    const get = async (p, init) => { const r = await fetch(srv.url + p, init); return [r.status, await r.json()]; };
    const [code, body] = await get('/api/v1/namespaces/shop/persistentvolumeclaims/nope');
    assert.equal(code, 404);
    assert.deepEqual(body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'persistentvolumeclaims "nope" not found', reason: 'NotFound', details: { name: 'nope', kind: 'persistentvolumeclaims' }, code: 404 });
    assert.equal((await get('/apis/storage.k8s.io/v1/storageclasses/x'))[1].message, 'storageclasses.storage.k8s.io "x" not found');
    const [, list] = await get('/api/v1/persistentvolumeclaims?limit=500');
    assert.equal(list.kind, 'PersistentVolumeClaimList');
    assert.equal(list.items.length, 1);
    // A claim a running pod uses stays Terminating, stamped with the scenario's now.
    const [dc, deleted] = await get('/api/v1/namespaces/shop/persistentvolumeclaims/c', { method: 'DELETE', body: '{}', headers: { 'content-type': 'application/json' } });
    assert.equal(dc, 200);
    assert.equal(deleted.metadata.deletionTimestamp, '2025-06-02T10:00:00Z');
    // A second create of the same name: AlreadyExists.
    const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }) };
    const [pc, exists] = await get('/api/v1/namespaces/shop/pods', post);
    assert.equal(pc, 409);
    assert.equal(exists.message, 'pods "p" already exists');
    // Served times move with the shift.
    srv.setTimeShift(60_000);
    assert.equal((await get('/api/v1/namespaces/shop/persistentvolumeclaims/c'))[1].metadata.deletionTimestamp, '2025-06-02T10:01:00Z');
    assert.match(kubeconfigFor(srv.url), new RegExp(`server: ${srv.url}`));
  } finally {
    await srv.stop();
  }
});

test('every case file names a kubectl version', () => {
  for (const c of CASES) assert.match(readGolden(c.name).kubectl, /^v1\.32\.\d+$/, c.name);
  assert.ok(fs.existsSync(path.join(GOLDEN, 'cluster.json')));
});

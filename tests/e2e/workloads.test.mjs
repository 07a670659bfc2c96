// End to end: workloads and expansion as a learner meets them in the release page. A
// StatefulSet applied from the YAML tab makes one claim per replica; scaled down in the
// console, it keeps the claims (whenScaled: Retain); scaled back up, the same pods mount the
// same claims and the same volumes. Then a claim grows while its pod runs: the volume grows
// first, then kubelet's file system expansion, with Kubernetes' events. After every action the
// followed claim's flowchart is in view. Screenshots: target/e2e/workloads-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityProblems, assertFlowchartInView, buildReleasePage, enterCommand, launchAt, openTab, screenshot, serve } from './harness.mjs';
import { webStatefulSet } from './manifests.mjs';

const MANIFESTS = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: growable}
provisioner: ebs.csi.aws.com
allowVolumeExpansion: true
---
${webStatefulSet({ namespace: 'default', replicas: 3, className: 'growable', service: true })}`;

let site;
before(async () => {
  site = await serve(buildReleasePage());
});
after(async () => site?.close());

const kubectl = enterCommand;

/** Each claim's volume, from `kubectl get pvc`: { 'www-web-0': 'pvc-…', … }. */
async function volumesOfClaims(page) {
  const out = await kubectl(page, 'kubectl get pvc');
  const volumes = {};
  for (const line of out.split('\n').slice(1)) {
    const [name, status, volume] = line.trim().split(/\s+/);
    if (name?.startsWith('www-web-')) volumes[name] = `${status} ${volume}`;
  }
  return volumes;
}

for (const [width, height, scheme] of [[1280, 800, 'light'], [1280, 800, 'dark']]) {
  test(`a StatefulSet scaled down and up gets its own volumes back, and a claim grows online (${scheme})`, async () => {
    const { page, problems, close } = await launchAt(site.url, { viewport: { width, height }, colorScheme: scheme });
    try {
      await openTab(page, 'YAML');
      await page.getByLabel('Manifests').fill(MANIFESTS);
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByText('Applied 2 objects.').waitFor();
      await page.getByLabel('Claim', { exact: true }).selectOption('default/www-web-2');
      await assertFlowchartInView(page, 'applying the StatefulSet');
      // The Claim box names the set, the template and the ordinal.
      assert.match(await page.locator('svg.pvp-live').textContent(), /StatefulSet web · www · ordinal 2/);
      await screenshot(page, `workloads-applied-${scheme}`);

      await openTab(page, 'Console');
      const before = await volumesOfClaims(page);
      assert.deepEqual(Object.keys(before).sort(), ['www-web-0', 'www-web-1', 'www-web-2']);
      assert.ok(Object.values(before).every((v) => /^Bound pvc-/.test(v)), JSON.stringify(before));

      let out = await kubectl(page, 'kubectl scale statefulset web --replicas=1');
      assert.match(out, /statefulset.apps\/web scaled/);
      out = await kubectl(page, 'kubectl get pods');
      assert.doesNotMatch(out, /web-2/, 'the highest ordinals went');
      assert.deepEqual(await volumesOfClaims(page), before, 'whenScaled: Retain keeps every claim Bound to its volume');
      await assertFlowchartInView(page, 'scaling down');
      // The followed claim says why it is still here.
      assert.match(await page.locator('.pvp-notes').textContent(), /Kept outside the set's ordinals/);
      await screenshot(page, `workloads-scaled-down-${scheme}`);

      await kubectl(page, 'kubectl scale statefulset web --replicas=3');
      out = await kubectl(page, 'kubectl get pods');
      assert.match(out, /web-2 +1\/1 +Running/);
      assert.deepEqual(await volumesOfClaims(page), before, 'the same claims and volumes came back');
      out = await kubectl(page, 'kubectl describe pvc www-web-2');
      assert.match(out, /Used By: +web-2/);
      await assertFlowchartInView(page, 'scaling up');

      // Grow the claim web-0 mounts: the resizer, then kubelet while the pod runs.
      out = await kubectl(page, `kubectl patch pvc www-web-0 -p '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}'`);
      assert.match(out, /persistentvolumeclaim\/www-web-0 patched/);
      out = await kubectl(page, 'kubectl describe pvc www-web-0');
      assert.match(out, /Capacity: +2Gi/);
      assert.match(out, /ExternalExpanding/);
      assert.match(out, /FileSystemResizeSuccessful/);
      out = await kubectl(page, 'kubectl get pv');
      assert.match(out, new RegExp(`${before['www-web-0'].split(' ')[1]} +2Gi`));
      // Shrinking is refused with the API server's words, and changes nothing.
      out = await kubectl(page, `kubectl patch pvc www-web-0 -p '{"spec":{"resources":{"requests":{"storage":"1Gi"}}}}'`);
      assert.match(out, /can not be less than status.capacity|Forbidden/);
      await page.getByLabel('Claim', { exact: true }).selectOption('default/www-web-0');
      await assertFlowchartInView(page, 'growing the claim');
      await screenshot(page, `workloads-grown-${scheme}`);
      assert.deepEqual(await accessibilityProblems(page), []);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
}

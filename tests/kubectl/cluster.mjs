// The small, realistic cluster the golden files describe. Written by hand, object by object,
// the way `kubectl get -o json` shows a 1.32 cluster on AWS with the EBS CSI driver; every
// timestamp is a literal, placed before the scenario's "now" (NOW below), so the ages kubectl
// prints are fixed. capture.mjs writes it out as golden/cluster.json (what the Rust side reads).
//
// What is in it, and why:
// - StorageClasses: `fast` (the default, ebs.csi.aws.com, Immediate, expandable), `slow`
//   (WaitForFirstConsumer, Retain, mount options, allowed topologies, created by kubectl
//   apply so it carries the last-applied annotation), `local-storage` (no provisioner).
// - PersistentVolumes in every phase and with every common source: nfs (Available, and Bound
//   to a RWX claim), csi with zone node affinity (dynamically provisioned, Bound), local with
//   hostname node affinity, hostPath Released (its claim is gone) and Failed (the hostPath
//   deleter refused it, with an event), a raw Block volume.
// - Claims in namespace `shop`: Bound with the provisioning events (data-web-0), Pending behind
//   a WaitForFirstConsumer class waiting for an unschedulable pod (data-web-1), Pending because
//   provisioning fails (reports, ProvisioningFailed x6), Pending with no class and no volume
//   (legacy, FailedBinding), Terminating while a pod uses it (old-data), resized with
//   FileSystemResizePending (pg-data) and Resizing (logs) conditions and allocatedResources,
//   RWX used by two pods (uploads), a local volume's claim (db-data). In `staging`: a Pending
//   WaitForFirstConsumer claim and a Bound Block claim.
// - Pods Running (with node, IPs, container state, the usual projected token volume and
//   tolerations) and Pending (unschedulable, an events.k8s.io-style event with a series).
// - Nodes node-a (worker role, a Lease) and node-b (a taint, no Lease, a kubelet event whose
//   involvedObject.uid is the node's name, as the kubelet writes it).
// - StatefulSet `web` (2 replicas, volumeClaimTemplates), Deployment `api` and its ReplicaSet.
// - Events of both types, with count > 1, and one for an older claim of the same name with
//   another uid (describe must not show it).

export const NOW = '2025-06-02T10:00:00Z';

const UID = {
  nodeA: '5b0f8a54-3f4c-4e8e-9a43-0d2a7c1e9b01',
  nodeB: '8c7d2e11-6a0b-4f57-b1c9-2e4f6a8d0c02',
  scFast: 'a1f3c5e7-0b2d-4c6e-8f1a-3b5d7f9e1c03',
  scSlow: 'b2e4d6f8-1c3e-4d5f-9a2b-4c6e8a0f2d04',
  scLocal: 'c3d5e7f9-2d4f-4e6a-8b3c-5d7f9b1a3e05',
  pvNfsShared: 'd4c6e8fa-3e5a-4f7b-9c4d-6e8a0c2b4f06',
  pvNfsUploads: 'e5b7d9fb-4f6b-4a8c-8d5e-7f9b1d3c5a07',
  pvWeb0: 'f6a8cafc-5a7c-4b9d-9e6f-8a0c2e4d6b08',
  pvPg: '07b9dbfd-6b8d-4cae-8f7a-9b1d3f5e7c09',
  pvLogs: '18cae0fe-7c9e-4dbf-9a8b-ac2e4a6f8d10',
  pvLocal: '29dbf1af-8daf-4ec0-8b9c-bd3f5b7a9e11',
  pvOld: '3aec02b0-9eb0-4fd1-9cad-ce4a6c8bafa2',
  pvFailed: '4bfd13c1-afc1-40e2-8dbe-df5b7d9cb0b3',
  pvScratch: '5c0e24d2-b0d2-41f3-9ecf-e06c8eadc1c4',
  pvBlock: '6d1f35e3-c1e3-4204-8fd0-f17d9fbed2d5',
  pvcWeb0: '6a1c2f1e-4b7d-4e2a-9c3f-1d5e7a9b2c41',
  pvcWeb1: '7b2d3a2f-5c8e-4f3b-8d4a-2e6f8b0c3d52',
  pvcReports: '8c3e4b3a-6d9f-4a4c-9e5b-3f7a9c1d4e63',
  pvcLegacy: '9d4f5c4b-7eaa-4b5d-8f6c-4a8b0d2e5f74',
  pvcOldData: 'ae5a6d5c-8fbb-4c6e-9a7d-5b9c1e3f6a85',
  pvcPg: '9b3e7d21-0c4f-4a6b-8e2d-6c0d2f4a7b96',
  pvcLogs: 'c4d5e6f7-1a2b-4c3d-9e4f-7d1e3a5b8ca7',
  pvcUploads: 'bf6b7e6d-90cc-4d7f-8b8e-6cad2f4a7bb8',
  pvcDbData: 'd07c8f7e-a1dd-4e80-9c9f-7dbe3a5b8cc9',
  pvcOldClaim: 'e18d9a8f-b2ee-4f91-8da0-8ecf4b6c9dda',
  pvcCache: 'f29eab90-c3ff-40a2-9eb1-9fd05c7daeeb',
  pvcTmp: '03afbca1-d400-41b3-8fc2-a0e16d8ebffc',
  podWeb0: '1f2a3b4c-5d6e-4f70-8192-a3b4c5d6e7f8',
  podWeb1: '2a3b4c5d-6e7f-4081-9293-b4c5d6e7f809',
  podApiA: '3b4c5d6e-7f80-4192-83a4-c5d6e7f8091a',
  podApiB: '4c5d6e7f-8091-42a3-94b5-d6e7f8091a2b',
  podPg: '5d6e7f80-91a2-43b4-85c6-e7f8091a2b3c',
  podBatch: '6e7f8091-a2b3-44c5-96d7-f8091a2b3c4d',
  stsWeb: '7f8091a2-b3c4-45d6-87e8-091a2b3c4d5e',
  deployApi: '8091a2b3-c4d5-46e7-98f9-1a2b3c4d5e6f',
  rsApi: '91a2b3c4-d5e6-47f8-890a-2b3c4d5e6f70',
  leaseA: 'a2b3c4d5-e6f7-4809-9a1b-3c4d5e6f7081',
};

const ebsDriver = 'ebs.csi.aws.com';
const provisionerIdentity = '1716105600000-8081-ebs.csi.aws.com';
const externalProvisionerSource = 'ebs.csi.aws.com_ebs-csi-controller-6f8d9c7b5-2xk4p_3f1b8c2e-9d4a-4e6b-a1c3-5e7f9b2d4c6a';
const externalResizerSource = 'external-resizer ebs.csi.aws.com';
const waitForProvisioner = "Waiting for a volume to be created either by the external provisioner 'ebs.csi.aws.com' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.";

const defaultTolerations = [
  { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
  { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
];

const tokenVolume = (suffix) => ({
  name: `kube-api-access-${suffix}`,
  projected: {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
      { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
    ],
  },
});

const tokenMount = (suffix) => ({ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: `kube-api-access-${suffix}`, readOnly: true });

const runningConditions = (scheduled, started) => [
  { lastProbeTime: null, lastTransitionTime: started, status: 'True', type: 'PodReadyToStartContainers' },
  { lastProbeTime: null, lastTransitionTime: scheduled, status: 'True', type: 'Initialized' },
  { lastProbeTime: null, lastTransitionTime: started, status: 'True', type: 'Ready' },
  { lastProbeTime: null, lastTransitionTime: started, status: 'True', type: 'ContainersReady' },
  { lastProbeTime: null, lastTransitionTime: scheduled, status: 'True', type: 'PodScheduled' },
];

// ---------------------------------------------------------------------------------------

const namespaces = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', uid: '0a1b2c3d-4e5f-4607-8819-2a3b4c5d6e7f', resourceVersion: '210', creationTimestamp: '2025-05-19T08:10:00Z', labels: { 'kubernetes.io/metadata.name': 'shop' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'staging', uid: '1b2c3d4e-5f60-4718-892a-3b4c5d6e7f80', resourceVersion: '211', creationTimestamp: '2025-05-19T08:10:00Z', labels: { 'kubernetes.io/metadata.name': 'staging' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } },
];

const nodeStatus = (name, ip, zone, created) => ({
  addresses: [
    { address: ip, type: 'InternalIP' },
    { address: `ip-${ip.replace(/\./g, '-')}.eu-west-1.compute.internal`, type: 'InternalDNS' },
    { address: `ip-${ip.replace(/\./g, '-')}.eu-west-1.compute.internal`, type: 'Hostname' },
  ],
  allocatable: { cpu: '1930m', 'ephemeral-storage': '76397865429', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '7160552Ki', pods: '29' },
  capacity: { cpu: '2', 'ephemeral-storage': '83873772Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '7974632Ki', pods: '29' },
  conditions: [
    { lastHeartbeatTime: '2025-06-02T09:58:12Z', lastTransitionTime: created, message: 'kubelet has sufficient memory available', reason: 'KubeletHasSufficientMemory', status: 'False', type: 'MemoryPressure' },
    { lastHeartbeatTime: '2025-06-02T09:58:12Z', lastTransitionTime: created, message: 'kubelet has no disk pressure', reason: 'KubeletHasNoDiskPressure', status: 'False', type: 'DiskPressure' },
    { lastHeartbeatTime: '2025-06-02T09:58:12Z', lastTransitionTime: created, message: 'kubelet has sufficient PID available', reason: 'KubeletHasSufficientPID', status: 'False', type: 'PIDPressure' },
    { lastHeartbeatTime: '2025-06-02T09:58:12Z', lastTransitionTime: name === 'node-b' ? '2025-06-02T09:35:00Z' : created, message: 'kubelet is posting ready status', reason: 'KubeletReady', status: 'True', type: 'Ready' },
  ],
  daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
  nodeInfo: {
    architecture: 'amd64',
    bootID: name === 'node-a' ? 'c1f2e3d4-a5b6-4c7d-8e9f-0a1b2c3d4e5f' : 'd2e3f4a5-b6c7-4d8e-9fa0-1b2c3d4e5f60',
    containerRuntimeVersion: 'containerd://1.7.27',
    kernelVersion: '6.1.132-147.221.amzn2023.x86_64',
    kubeProxyVersion: 'v1.32.3-eks-473151a',
    kubeletVersion: 'v1.32.3-eks-473151a',
    machineID: name === 'node-a' ? 'ec2a7f1d9c3b4e5f6a7b8c9d0e1f2a3b' : 'ec2b8e2ead4c5f607b8c9d0e1f2a3b4c',
    operatingSystem: 'linux',
    osImage: 'Amazon Linux 2023.7.20250512',
    systemUUID: name === 'node-a' ? 'ec2a7f1d-9c3b-4e5f-6a7b-8c9d0e1f2a3b' : 'ec2b8e2e-ad4c-5f60-7b8c-9d0e1f2a3b4c',
  },
  volumesAttached: [],
  volumesInUse: [],
});

const nodes = [
  {
    apiVersion: 'v1', kind: 'Node',
    metadata: {
      name: 'node-a', uid: UID.nodeA, resourceVersion: '48213', creationTimestamp: '2025-05-19T08:00:00Z',
      annotations: {
        'alpha.kubernetes.io/provided-node-ip': '10.0.1.11',
        'csi.volume.kubernetes.io/nodeid': '{"ebs.csi.aws.com":"i-0a1b2c3d4e5f60718"}',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
      labels: {
        'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/instance-type': 'm5.large', 'beta.kubernetes.io/os': 'linux',
        'failure-domain.beta.kubernetes.io/region': 'eu-west-1', 'failure-domain.beta.kubernetes.io/zone': 'eu-west-1a',
        'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': 'node-a', 'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/worker': '', 'node.kubernetes.io/instance-type': 'm5.large',
        'topology.ebs.csi.aws.com/zone': 'eu-west-1a', 'topology.kubernetes.io/region': 'eu-west-1', 'topology.kubernetes.io/zone': 'eu-west-1a',
      },
    },
    spec: { providerID: 'aws:///eu-west-1a/i-0a1b2c3d4e5f60718' },
    status: {
      ...nodeStatus('node-a', '10.0.1.11', 'eu-west-1a', '2025-05-19T08:00:00Z'),
      volumesAttached: [{ devicePath: '', name: `kubernetes.io/csi/ebs.csi.aws.com^vol-0f1e2d3c4b5a69788` }],
      volumesInUse: ['kubernetes.io/csi/ebs.csi.aws.com^vol-0f1e2d3c4b5a69788'],
    },
  },
  {
    apiVersion: 'v1', kind: 'Node',
    metadata: {
      name: 'node-b', uid: UID.nodeB, resourceVersion: '48207', creationTimestamp: '2025-05-19T08:00:30Z',
      annotations: {
        'alpha.kubernetes.io/provided-node-ip': '10.0.2.12',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
      labels: {
        'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': 'node-b', 'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': 'r5.large',
        'topology.ebs.csi.aws.com/zone': 'eu-west-1b', 'topology.kubernetes.io/region': 'eu-west-1', 'topology.kubernetes.io/zone': 'eu-west-1b',
      },
    },
    spec: {
      providerID: 'aws:///eu-west-1b/i-0b2c3d4e5f6071829',
      taints: [{ effect: 'NoSchedule', key: 'dedicated', value: 'db' }],
    },
    status: nodeStatus('node-b', '10.0.2.12', 'eu-west-1b', '2025-05-19T08:00:30Z'),
  },
];

const leases = [
  {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
    metadata: {
      name: 'node-a', namespace: 'kube-node-lease', uid: UID.leaseA, resourceVersion: '48290', creationTimestamp: '2025-05-19T08:00:00Z',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'node-a', uid: UID.nodeA }],
    },
    spec: { holderIdentity: 'node-a', leaseDurationSeconds: 40, renewTime: '2025-06-02T09:59:56.000000Z' },
  },
];

const storageClasses = [
  {
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
    metadata: { name: 'fast', uid: UID.scFast, resourceVersion: '301', creationTimestamp: '2025-05-19T08:05:00Z', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: ebsDriver,
    parameters: { 'csi.storage.k8s.io/fstype': 'ext4', type: 'gp3' },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
    allowVolumeExpansion: true,
  },
  {
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
    metadata: {
      name: 'slow', uid: UID.scSlow, resourceVersion: '302', creationTimestamp: '2025-05-19T08:05:10Z',
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': '{"allowedTopologies":[{"matchLabelExpressions":[{"key":"topology.ebs.csi.aws.com/zone","values":["eu-west-1a","eu-west-1b"]}]}],"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"annotations":{},"name":"slow"},"mountOptions":["noatime"],"parameters":{"type":"sc1"},"provisioner":"ebs.csi.aws.com","reclaimPolicy":"Retain","volumeBindingMode":"WaitForFirstConsumer"}\n',
      },
    },
    provisioner: ebsDriver,
    parameters: { type: 'sc1' },
    reclaimPolicy: 'Retain',
    volumeBindingMode: 'WaitForFirstConsumer',
    mountOptions: ['noatime'],
    allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.ebs.csi.aws.com/zone', values: ['eu-west-1a', 'eu-west-1b'] }] }],
  },
  {
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
    metadata: { name: 'local-storage', uid: UID.scLocal, resourceVersion: '303', creationTimestamp: '2025-05-19T08:05:20Z' },
    provisioner: 'kubernetes.io/no-provisioner',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  },
];

const claimRef = (ns, name, uid, rv) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name, namespace: ns, resourceVersion: rv, uid });
const zoneAffinity = (zone) => ({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.ebs.csi.aws.com/zone', operator: 'In', values: [zone] }] }] } });
const provisionedAnnotations = { 'pv.kubernetes.io/provisioned-by': ebsDriver, 'volume.kubernetes.io/provisioner-deletion-secret-name': '', 'volume.kubernetes.io/provisioner-deletion-secret-namespace': '' };

const volumes = [
  {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name: 'pv-nfs-shared', uid: UID.pvNfsShared, resourceVersion: '1201', creationTimestamp: '2025-05-20T09:00:00Z', labels: { type: 'nfs' }, finalizers: ['kubernetes.io/pv-protection'] },
    spec: {
      accessModes: ['ReadWriteMany', 'ReadOnlyMany'],
      capacity: { storage: '100Gi' },
      mountOptions: ['nfsvers=4.1'],
      nfs: { path: '/exports/shared', server: '10.0.0.5' },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    },
    status: { lastPhaseTransitionTime: '2025-05-20T09:00:00Z', phase: 'Available' },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: {
      name: 'pv-nfs-uploads', uid: UID.pvNfsUploads, resourceVersion: '1302', creationTimestamp: '2025-05-20T09:00:00Z', labels: { type: 'nfs' }, finalizers: ['kubernetes.io/pv-protection'],
      annotations: { 'pv.kubernetes.io/bound-by-controller': 'yes' },
    },
    spec: {
      accessModes: ['ReadWriteMany'],
      capacity: { storage: '50Gi' },
      claimRef: claimRef('shop', 'uploads', UID.pvcUploads, '1299'),
      nfs: { path: '/exports/uploads', server: '10.0.0.5' },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    },
    status: { lastPhaseTransitionTime: '2025-05-30T12:00:02Z', phase: 'Bound' },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name: 'pvc-6a1c2f1e-4b7d-4e2a-9c3f-1d5e7a9b2c41', uid: UID.pvWeb0, resourceVersion: '47010', creationTimestamp: '2025-06-02T09:15:10Z', annotations: provisionedAnnotations, finalizers: ['external-provisioner.volume.kubernetes.io/finalizer', 'kubernetes.io/pv-protection'] },
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '1Gi' },
      claimRef: claimRef('shop', 'data-web-0', UID.pvcWeb0, '47001'),
      csi: { driver: ebsDriver, fsType: 'ext4', volumeAttributes: { 'storage.kubernetes.io/csiProvisionerIdentity': provisionerIdentity }, volumeHandle: 'vol-0f1e2d3c4b5a69788' },
      mountOptions: ['noatime'],
      nodeAffinity: zoneAffinity('eu-west-1a'),
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: 'slow',
      volumeMode: 'Filesystem',
    },
    status: { lastPhaseTransitionTime: '2025-06-02T09:15:10Z', phase: 'Bound' },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name: 'pvc-9b3e7d21-0c4f-4a6b-8e2d-6c0d2f4a7b96', uid: UID.pvPg, resourceVersion: '47820', creationTimestamp: '2025-05-28T14:00:04Z', annotations: provisionedAnnotations, finalizers: ['external-provisioner.volume.kubernetes.io/finalizer', 'kubernetes.io/pv-protection'] },
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '50Gi' },
      claimRef: claimRef('shop', 'pg-data', UID.pvcPg, '30012'),
      csi: { driver: ebsDriver, fsType: 'ext4', volumeAttributes: { 'storage.kubernetes.io/csiProvisionerIdentity': provisionerIdentity }, volumeHandle: 'vol-0a9b8c7d6e5f40312' },
      nodeAffinity: zoneAffinity('eu-west-1a'),
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'fast',
      volumeMode: 'Filesystem',
    },
    status: { lastPhaseTransitionTime: '2025-05-28T14:00:04Z', phase: 'Bound' },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name: 'pvc-c4d5e6f7-1a2b-4c3d-9e4f-7d1e3a5b8ca7', uid: UID.pvLogs, resourceVersion: '30560', creationTimestamp: '2025-05-29T10:30:03Z', annotations: provisionedAnnotations, finalizers: ['external-provisioner.volume.kubernetes.io/finalizer', 'kubernetes.io/pv-protection'] },
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '10Gi' },
      claimRef: claimRef('shop', 'logs', UID.pvcLogs, '30551'),
      csi: { driver: ebsDriver, fsType: 'ext4', volumeAttributes: { 'storage.kubernetes.io/csiProvisionerIdentity': provisionerIdentity }, volumeHandle: 'vol-0c1d2e3f4a5b60789' },
      nodeAffinity: zoneAffinity('eu-west-1b'),
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'fast',
      volumeMode: 'Filesystem',
    },
    status: { lastPhaseTransitionTime: '2025-05-29T10:30:03Z', phase: 'Bound' },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name: 'pv-local-a', uid: UID.pvLocal, resourceVersion: '2210', creationTimestamp: '2025-05-19T09:00:00Z', labels: { 'disk-type': 'nvme' }, annotations: { 'pv.kubernetes.io/bound-by-controller': 'yes' }, finalizers: ['kubernetes.io/pv-protection'] },
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '200Gi' },
      claimRef: claimRef('shop', 'db-data', UID.pvcDbData, '2205'),
      local: { path: '/mnt/disks/ssd1' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-a'] }] }] } },
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: 'local-storage',
      volumeMode: 'Filesystem',
    },
    status: { lastPhaseTransitionTime: '2025-05-19T09:10:00Z', phase: 'Bound' },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name: 'pv-hostpath-old', uid: UID.pvOld, resourceVersion: '40112', creationTimestamp: '2025-05-21T11:00:00Z', annotations: { 'pv.kubernetes.io/bound-by-controller': 'yes' }, finalizers: ['kubernetes.io/pv-protection'] },
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '5Gi' },
      claimRef: claimRef('default', 'old-claim', UID.pvcOldClaim, '39870'),
      hostPath: { path: '/data/old', type: 'DirectoryOrCreate' },
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: 'manual',
      volumeMode: 'Filesystem',
    },
    status: { lastPhaseTransitionTime: '2025-06-01T16:20:00Z', phase: 'Released' },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name: 'pv-failed', uid: UID.pvFailed, resourceVersion: '48150', creationTimestamp: '2025-05-21T11:05:00Z', annotations: { 'pv.kubernetes.io/bound-by-controller': 'yes' }, finalizers: ['kubernetes.io/pv-protection'] },
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '2Gi' },
      claimRef: claimRef('default', 'tmp-claim', 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b', '48001'),
      hostPath: { path: '/data/failed', type: '' },
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'manual',
      volumeMode: 'Filesystem',
    },
    status: { lastPhaseTransitionTime: '2025-06-02T09:52:10Z', message: 'host_path deleter only supports /tmp/.+ but received provided /data/failed', phase: 'Failed' },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name: 'pv-scratch', uid: UID.pvScratch, resourceVersion: '45002', creationTimestamp: '2025-06-01T08:00:00Z', annotations: { 'pv.kubernetes.io/bound-by-controller': 'yes' }, finalizers: ['kubernetes.io/pv-protection'] },
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '8Gi' },
      claimRef: claimRef('shop', 'old-data', UID.pvcOldData, '44990'),
      hostPath: { path: '/var/scratch', type: 'Directory' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-b'] }] }] } },
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'manual',
      volumeMode: 'Filesystem',
    },
    status: { lastPhaseTransitionTime: '2025-06-01T08:00:05Z', phase: 'Bound' },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name: 'pv-block-1', uid: UID.pvBlock, resourceVersion: '46010', creationTimestamp: '2025-06-02T07:00:00Z', annotations: { 'pv.kubernetes.io/bound-by-controller': 'yes' }, finalizers: ['kubernetes.io/pv-protection'] },
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '16Gi' },
      claimRef: claimRef('staging', 'tmp', UID.pvcTmp, '46001'),
      csi: { driver: ebsDriver, volumeHandle: 'vol-0d2e3f4a5b6c70891' },
      nodeAffinity: { required: { nodeSelectorTerms: [
        { matchExpressions: [{ key: 'topology.ebs.csi.aws.com/zone', operator: 'In', values: ['eu-west-1a'] }] },
        { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a'] }, { key: 'kubernetes.io/os', operator: 'Exists' }] },
      ] } },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Block',
    },
    status: { lastPhaseTransitionTime: '2025-06-02T07:00:04Z', phase: 'Bound' },
  },
];

const boundClaimAnnotations = (provisioned) => ({
  'pv.kubernetes.io/bind-completed': 'yes',
  'pv.kubernetes.io/bound-by-controller': 'yes',
  ...(provisioned ? { 'volume.beta.kubernetes.io/storage-provisioner': ebsDriver, 'volume.kubernetes.io/storage-provisioner': ebsDriver } : {}),
});

const claims = [
  {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: {
      name: 'data-web-0', namespace: 'shop', uid: UID.pvcWeb0, resourceVersion: '47012', creationTimestamp: '2025-06-02T09:15:00Z',
      labels: { app: 'web' },
      annotations: { ...boundClaimAnnotations(true), 'volume.kubernetes.io/selected-node': 'node-a' },
      finalizers: ['kubernetes.io/pvc-protection'],
    },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'slow', volumeMode: 'Filesystem', volumeName: 'pvc-6a1c2f1e-4b7d-4e2a-9c3f-1d5e7a9b2c41' },
    status: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, phase: 'Bound' },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: { name: 'data-web-1', namespace: 'shop', uid: UID.pvcWeb1, resourceVersion: '47400', creationTimestamp: '2025-06-02T09:40:00Z', labels: { app: 'web' }, finalizers: ['kubernetes.io/pvc-protection'] },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'slow', volumeMode: 'Filesystem' },
    status: { phase: 'Pending' },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: {
      name: 'reports', namespace: 'shop', uid: UID.pvcReports, resourceVersion: '47310', creationTimestamp: '2025-06-02T09:30:00Z',
      annotations: {
        // Longer than describe's 140-character limit: folded and cut with "...".
        'shop.example.com/purpose': 'Quarterly sales reports for the finance team, regenerated every night by the reporting job; ask #finance-data before deleting or shrinking this claim, it holds three years of history.',
        // A value with new lines: one line each.
        'shop.example.com/contacts': 'owner: finance-data\non-call: platform-storage\n',
        'volume.beta.kubernetes.io/storage-provisioner': ebsDriver, 'volume.kubernetes.io/storage-provisioner': ebsDriver,
      },
      finalizers: ['kubernetes.io/pvc-protection'],
    },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Ti' } }, storageClassName: 'fast', volumeMode: 'Filesystem' },
    status: { phase: 'Pending' },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: { name: 'legacy', namespace: 'shop', uid: UID.pvcLegacy, resourceVersion: '47700', creationTimestamp: '2025-06-02T09:50:00Z', finalizers: ['kubernetes.io/pvc-protection'] },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '500Gi' } }, storageClassName: '', volumeMode: 'Filesystem', selector: { matchLabels: { type: 'nfs' } } },
    status: { phase: 'Pending' },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: {
      name: 'old-data', namespace: 'shop', uid: UID.pvcOldData, resourceVersion: '48100', creationTimestamp: '2025-06-01T08:00:00Z',
      deletionTimestamp: '2025-06-02T09:57:00Z', deletionGracePeriodSeconds: 0,
      annotations: boundClaimAnnotations(false),
      finalizers: ['kubernetes.io/pvc-protection'],
    },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '8Gi' } }, storageClassName: 'manual', volumeMode: 'Filesystem', volumeName: 'pv-scratch' },
    status: { accessModes: ['ReadWriteOnce'], capacity: { storage: '8Gi' }, phase: 'Bound' },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: { name: 'pg-data', namespace: 'shop', uid: UID.pvcPg, resourceVersion: '47825', creationTimestamp: '2025-05-28T14:00:00Z', labels: { app: 'pg' }, annotations: boundClaimAnnotations(true), finalizers: ['kubernetes.io/pvc-protection'] },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } }, storageClassName: 'fast', volumeMode: 'Filesystem', volumeName: 'pvc-9b3e7d21-0c4f-4a6b-8e2d-6c0d2f4a7b96' },
    status: {
      accessModes: ['ReadWriteOnce'],
      allocatedResourceStatuses: { storage: 'NodeResizePending' },
      allocatedResources: { storage: '50Gi' },
      capacity: { storage: '20Gi' },
      conditions: [{ lastProbeTime: null, lastTransitionTime: '2025-06-02T09:57:04Z', message: 'Waiting for user to (re-)start a pod to finish file system resize of volume on node.', status: 'True', type: 'FileSystemResizePending' }],
      phase: 'Bound',
    },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: { name: 'logs', namespace: 'shop', uid: UID.pvcLogs, resourceVersion: '48020', creationTimestamp: '2025-05-29T10:30:00Z', annotations: boundClaimAnnotations(true), finalizers: ['kubernetes.io/pvc-protection'] },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '30Gi' } }, storageClassName: 'fast', volumeMode: 'Filesystem', volumeName: 'pvc-c4d5e6f7-1a2b-4c3d-9e4f-7d1e3a5b8ca7' },
    status: {
      accessModes: ['ReadWriteOnce'],
      allocatedResourceStatuses: { storage: 'ControllerResizeInProgress' },
      allocatedResources: { storage: '30Gi' },
      capacity: { storage: '10Gi' },
      conditions: [{ lastProbeTime: null, lastTransitionTime: '2025-06-02T09:59:30Z', status: 'True', type: 'Resizing' }],
      phase: 'Bound',
    },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: {
      name: 'uploads', namespace: 'shop', uid: UID.pvcUploads, resourceVersion: '1305', creationTimestamp: '2025-05-30T12:00:00Z',
      annotations: {
        ...boundClaimAnnotations(false),
        'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"annotations":{},"name":"uploads","namespace":"shop"},"spec":{"accessModes":["ReadWriteMany"],"resources":{"requests":{"storage":"50Gi"}},"storageClassName":""}}\n',
      },
      finalizers: ['kubernetes.io/pvc-protection'],
    },
    spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '50Gi' } }, storageClassName: '', volumeMode: 'Filesystem', volumeName: 'pv-nfs-uploads' },
    status: { accessModes: ['ReadWriteMany'], capacity: { storage: '50Gi' }, phase: 'Bound' },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: { name: 'db-data', namespace: 'shop', uid: UID.pvcDbData, resourceVersion: '2212', creationTimestamp: '2025-05-19T09:05:00Z', annotations: { 'pv.kubernetes.io/bind-completed': 'yes', 'volume.kubernetes.io/selected-node': 'node-a' }, finalizers: ['kubernetes.io/pvc-protection'] },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '150Gi' } }, storageClassName: 'local-storage', volumeMode: 'Filesystem', volumeName: 'pv-local-a' },
    status: { accessModes: ['ReadWriteOnce'], capacity: { storage: '200Gi' }, phase: 'Bound' },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: { name: 'cache', namespace: 'staging', uid: UID.pvcCache, resourceVersion: '47950', creationTimestamp: '2025-06-02T09:58:00Z', finalizers: ['kubernetes.io/pvc-protection'] },
    spec: { accessModes: ['ReadWriteOncePod'], resources: { requests: { storage: '4Gi' } }, storageClassName: 'slow', volumeMode: 'Filesystem' },
    status: { phase: 'Pending' },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: { name: 'tmp', namespace: 'staging', uid: UID.pvcTmp, resourceVersion: '46012', creationTimestamp: '2025-06-02T06:59:58Z', labels: { team: 'qa', purpose: 'raw-device' }, annotations: boundClaimAnnotations(false), finalizers: ['kubernetes.io/pvc-protection'] },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '16Gi' } }, storageClassName: '', volumeMode: 'Block', volumeName: 'pv-block-1' },
    status: { accessModes: ['ReadWriteOnce'], capacity: { storage: '16Gi' }, phase: 'Bound' },
  },
];

// ---------------------------------------------------------------------------------------
// Workloads.

const webTemplate = {
  metadata: { labels: { app: 'web' } },
  spec: {
    // One web pod per node: web-1 cannot join web-0 on node-a, and node-b is tainted.
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } },
    containers: [{
      name: 'nginx', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent',
      ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }],
      resources: { limits: { memory: '512Mi' }, requests: { cpu: '250m', memory: '256Mi' } },
      volumeMounts: [{ mountPath: '/usr/share/nginx/html', name: 'data' }],
      terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
    }],
    dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30,
  },
};

const apiTemplate = {
  metadata: { labels: { app: 'api' } },
  spec: {
    containers: [{
      name: 'api', image: 'registry.example.com/shop/api:2.4.1', imagePullPolicy: 'IfNotPresent',
      args: ['--uploads=/srv/uploads'],
      env: [{ name: 'LOG_LEVEL', value: 'info' }],
      ports: [{ containerPort: 8080, protocol: 'TCP' }],
      resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
      volumeMounts: [{ mountPath: '/srv/uploads', name: 'uploads' }],
      terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
    }],
    volumes: [{ name: 'uploads', persistentVolumeClaim: { claimName: 'uploads' } }],
    dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30,
  },
};

const statefulSets = [
  {
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'shop', uid: UID.stsWeb, resourceVersion: '47402', generation: 2, creationTimestamp: '2025-06-02T09:15:00Z', labels: { app: 'web' } },
    spec: {
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      podManagementPolicy: 'OrderedReady',
      replicas: 2,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      serviceName: 'web',
      template: webTemplate,
      updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
      volumeClaimTemplates: [{
        apiVersion: 'v1', kind: 'PersistentVolumeClaim',
        metadata: { creationTimestamp: null, name: 'data', labels: { app: 'web' } },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'slow', volumeMode: 'Filesystem' },
        status: { phase: 'Pending' },
      }],
    },
    status: {
      availableReplicas: 1, collisionCount: 0, currentReplicas: 2, currentRevision: 'web-6b9c7d5f4c', observedGeneration: 2,
      readyReplicas: 1, replicas: 2, updateRevision: 'web-6b9c7d5f4c', updatedReplicas: 2,
    },
  },
];

const deployments = [
  {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop', uid: UID.deployApi, resourceVersion: '47305', generation: 2, creationTimestamp: '2025-05-30T12:00:00Z', labels: { app: 'api' }, annotations: { 'deployment.kubernetes.io/revision': '1' } },
    spec: {
      progressDeadlineSeconds: 600, replicas: 2, revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'api' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: apiTemplate,
    },
    status: {
      availableReplicas: 2, observedGeneration: 2, readyReplicas: 2, replicas: 2, updatedReplicas: 2,
      conditions: [
        { lastTransitionTime: '2025-05-30T12:00:01Z', lastUpdateTime: '2025-05-30T12:00:20Z', message: 'ReplicaSet "api-7d4b9c8f6d" has successfully progressed.', reason: 'NewReplicaSetAvailable', status: 'True', type: 'Progressing' },
        { lastTransitionTime: '2025-06-02T09:30:15Z', lastUpdateTime: '2025-06-02T09:30:15Z', message: 'Deployment has minimum availability.', reason: 'MinimumReplicasAvailable', status: 'True', type: 'Available' },
      ],
    },
  },
];

const rsTemplate = structuredClone(apiTemplate);
rsTemplate.metadata.labels['pod-template-hash'] = '7d4b9c8f6d';

const replicaSets = [
  {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: 'api-7d4b9c8f6d', namespace: 'shop', uid: UID.rsApi, resourceVersion: '47303', generation: 2, creationTimestamp: '2025-05-30T12:00:01Z',
      labels: { app: 'api', 'pod-template-hash': '7d4b9c8f6d' },
      annotations: { 'deployment.kubernetes.io/desired-replicas': '2', 'deployment.kubernetes.io/max-replicas': '3', 'deployment.kubernetes.io/revision': '1' },
      ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'Deployment', name: 'api', uid: UID.deployApi }],
    },
    spec: { replicas: 2, selector: { matchLabels: { app: 'api', 'pod-template-hash': '7d4b9c8f6d' } }, template: rsTemplate },
    status: { availableReplicas: 2, fullyLabeledReplicas: 2, observedGeneration: 2, readyReplicas: 2, replicas: 2 },
  },
];

function pod({ name, uid, rv, created, node, hostIP, podIP, owner, template, volumes: vols, tokenSuffix, phase, started, scheduled, containerID, imageID, extraLabels, extraStatus, tolerations = [], qosClass = 'Burstable' }) {
  const spec = structuredClone(template.spec);
  spec.containers = spec.containers.map((c) => ({ ...c, volumeMounts: [...(c.volumeMounts || []), tokenMount(tokenSuffix)] }));
  spec.volumes = [...vols, tokenVolume(tokenSuffix)];
  spec.enableServiceLinks = true;
  spec.preemptionPolicy = 'PreemptLowerPriority';
  spec.priority = 0;
  spec.serviceAccount = 'default';
  spec.serviceAccountName = 'default';
  spec.tolerations = [...tolerations, ...defaultTolerations];
  if (node) spec.nodeName = node;
  const status = phase === 'Running'
    ? {
      conditions: runningConditions(scheduled, started),
      containerStatuses: spec.containers.map((c) => ({
        containerID, image: c.image, imageID, lastState: {}, name: c.name, ready: true, restartCount: 0, started: true,
        state: { running: { startedAt: started } },
        volumeMounts: c.volumeMounts.map((m) => (m.readOnly ? { ...m, recursiveReadOnly: 'Disabled' } : { ...m })),
      })),
      hostIP, hostIPs: [{ ip: hostIP }], phase, podIP, podIPs: [{ ip: podIP }], qosClass, startTime: scheduled,
    }
    : { phase, qosClass, ...extraStatus };
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: 'shop', uid, resourceVersion: rv, creationTimestamp: created,
      labels: { ...template.metadata.labels, ...extraLabels },
      ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: owner.kind, name: owner.name, uid: owner.uid }] } : {}),
      ...(owner?.generateName ? { generateName: owner.generateName } : {}),
    },
    spec,
    status,
  };
}

const pods = [
  pod({
    name: 'web-0', uid: UID.podWeb0, rv: '47022', created: '2025-06-02T09:15:00Z', node: 'node-a', hostIP: '10.0.1.11', podIP: '10.0.1.57',
    owner: { kind: 'StatefulSet', name: 'web', uid: UID.stsWeb, generateName: 'web-' }, template: webTemplate,
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-web-0' } }], tokenSuffix: 'x7k2p',
    phase: 'Running', scheduled: '2025-06-02T09:15:11Z', started: '2025-06-02T09:15:17Z',
    containerID: 'containerd://4f1c9e2b7a3d5f8e0c6b1a9d2e4f7c3b5a8d0e2f4c6b8a1d3e5f7a9c2b4d6e8f',
    imageID: 'docker.io/library/nginx@sha256:6784fb0834aa7dbbe12e3d7471e69c290df3e6ba810dc38b34ae33d3c1c05f7d',
    extraLabels: { 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': 'web-6b9c7d5f4c', 'statefulset.kubernetes.io/pod-name': 'web-0' },
  }),
  pod({
    name: 'web-1', uid: UID.podWeb1, rv: '47401', created: '2025-06-02T09:40:00Z', owner: { kind: 'StatefulSet', name: 'web', uid: UID.stsWeb, generateName: 'web-' }, template: webTemplate,
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-web-1' } }], tokenSuffix: 'q9m4z', phase: 'Pending',
    extraLabels: { 'apps.kubernetes.io/pod-index': '1', 'controller-revision-hash': 'web-6b9c7d5f4c', 'statefulset.kubernetes.io/pod-name': 'web-1' },
    extraStatus: {
      conditions: [{
        lastProbeTime: null, lastTransitionTime: '2025-06-02T09:40:01Z',
        message: "0/2 nodes are available: 1 node(s) didn't match pod anti-affinity rules, 1 node(s) had untolerated taint {dedicated: db}. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
        reason: 'Unschedulable', status: 'False', type: 'PodScheduled',
      }],
    },
  }),
  pod({
    name: 'api-7d4b9c8f6d-4xq9t', uid: UID.podApiA, rv: '1320', created: '2025-05-30T12:00:01Z', node: 'node-a', hostIP: '10.0.1.11', podIP: '10.0.1.23',
    owner: { kind: 'ReplicaSet', name: 'api-7d4b9c8f6d', uid: UID.rsApi, generateName: 'api-7d4b9c8f6d-' }, template: rsTemplate,
    volumes: apiTemplate.spec.volumes, tokenSuffix: 'b2n8c', phase: 'Running', scheduled: '2025-05-30T12:00:01Z', started: '2025-05-30T12:00:19Z',
    containerID: 'containerd://9a8b7c6d5e4f30211f2e3d4c5b6a79880a1b2c3d4e5f60718293a4b5c6d7e8f9',
    imageID: 'registry.example.com/shop/api@sha256:0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d',
  }),
  pod({
    name: 'api-7d4b9c8f6d-w5r7h', uid: UID.podApiB, rv: '47301', tolerations: [{ effect: 'NoSchedule', key: 'dedicated', operator: 'Equal', value: 'db' }], created: '2025-06-02T09:30:00Z', node: 'node-b', hostIP: '10.0.2.12', podIP: '10.0.2.41',
    owner: { kind: 'ReplicaSet', name: 'api-7d4b9c8f6d', uid: UID.rsApi, generateName: 'api-7d4b9c8f6d-' }, template: rsTemplate,
    volumes: apiTemplate.spec.volumes, tokenSuffix: 'h6v3d', phase: 'Running', scheduled: '2025-06-02T09:30:00Z', started: '2025-06-02T09:30:14Z',
    containerID: 'containerd://1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a',
    imageID: 'registry.example.com/shop/api@sha256:0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d',
  }),
  pod({
    name: 'pg', uid: UID.podPg, rv: '30050', created: '2025-05-28T14:00:00Z', node: 'node-a', hostIP: '10.0.1.11', podIP: '10.0.1.90',
    template: {
      metadata: { labels: { app: 'pg' } },
      spec: {
        containers: [{
          name: 'postgres', image: 'postgres:16.9', imagePullPolicy: 'IfNotPresent',
          env: [{ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' }, { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { key: 'password', name: 'pg-auth' } } }],
          ports: [{ containerPort: 5432, protocol: 'TCP' }],
          resources: { limits: { memory: '2Gi' }, requests: { cpu: '500m', memory: '1Gi' } },
          volumeMounts: [{ mountPath: '/var/lib/postgresql/data', name: 'data' }, { mountPath: '/backup', name: 'local', readOnly: true }],
          terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
        }],
        dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30,
      },
    },
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'pg-data' } }, { name: 'local', persistentVolumeClaim: { claimName: 'db-data', readOnly: true } }],
    tokenSuffix: 'p3l8w', phase: 'Running', scheduled: '2025-05-28T14:00:06Z', started: '2025-05-28T14:00:31Z',
    containerID: 'containerd://7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f',
    imageID: 'docker.io/library/postgres@sha256:3a1b5c7d9e2f4a6b8c0d1e3f5a7b9c2d4e6f8a0b1c3d5e7f9a2b4c6d8e0f1a3b',
  }),
  pod({
    name: 'batch-old', uid: UID.podBatch, rv: '44995', qosClass: 'BestEffort', tolerations: [{ effect: 'NoSchedule', key: 'dedicated', operator: 'Equal', value: 'db' }], created: '2025-06-01T08:00:10Z', node: 'node-b', hostIP: '10.0.2.12', podIP: '10.0.2.77',
    template: {
      metadata: { labels: { job: 'nightly' } },
      spec: {
        containers: [{
          name: 'worker', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'while true; do date >> /scratch/log; sleep 60; done'],
          resources: {}, volumeMounts: [{ mountPath: '/scratch', name: 'scratch' }],
          terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
        }],
        dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30,
      },
    },
    volumes: [{ name: 'scratch', persistentVolumeClaim: { claimName: 'old-data' } }],
    tokenSuffix: 'r4t6y', phase: 'Running', scheduled: '2025-06-01T08:00:12Z', started: '2025-06-01T08:00:20Z',
    containerID: 'containerd://2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d',
    imageID: 'docker.io/library/busybox@sha256:37f7b378a29ceb4c551b1b5582e27747b855bbfaa73fa11914fe0df028dc581f',
  }),
];

// ---------------------------------------------------------------------------------------
// Events. Names are `<object>.<hex>` as client-go's recorder writes them. Cluster-scoped
// objects' events live in `default` with no involvedObject.namespace.

const ref = (kind, ns, name, uid, apiVersion = 'v1', extra = {}) => ({ apiVersion, kind, name, ...(ns ? { namespace: ns } : {}), uid, ...extra });

function event({ ns = 'default', name, obj, type = 'Normal', reason, message, source, first, last, count = 1, rv }) {
  return {
    apiVersion: 'v1', kind: 'Event',
    metadata: { name, namespace: ns, uid: `e${name.length.toString(16).padStart(7, '0')}-${rv.toString(16).padStart(4, '0')}-4000-8000-${rv.toString(16).padStart(12, '0')}`, resourceVersion: String(rv), creationTimestamp: first },
    involvedObject: obj, reason, message, source: { component: source }, firstTimestamp: first, lastTimestamp: last || first, count, type,
    eventTime: null, reportingComponent: source.startsWith('kubelet') ? 'kubelet' : source, reportingInstance: '',
  };
}

// events.k8s.io/v1 events (the scheduler's), as the core/v1 API shows them: eventTime and a
// series instead of first/last timestamps and count, and no source.
function seriesEvent({ ns, name, obj, type = 'Normal', reason, message, controller, instance, action, time, series, rv }) {
  const e = {
    apiVersion: 'v1', kind: 'Event',
    metadata: { name, namespace: ns, uid: `f${name.length.toString(16).padStart(7, '0')}-${rv.toString(16).padStart(4, '0')}-4000-8000-${rv.toString(16).padStart(12, '0')}`, resourceVersion: String(rv), creationTimestamp: time.slice(0, 19) + 'Z' },
    involvedObject: obj, reason, message, source: {}, firstTimestamp: null, lastTimestamp: null, type,
    eventTime: time, action, reportingComponent: controller, reportingInstance: instance,
  };
  if (series) e.series = series;
  return e;
}

const pvcRef = (name, uid, rv) => ref('PersistentVolumeClaim', 'shop', name, uid, 'v1', { resourceVersion: rv });
const podRef = (name, uid, rv) => ref('Pod', 'shop', name, uid, 'v1', { resourceVersion: rv });

const events = [
  // data-web-0: WaitForFirstConsumer, then the external provisioner.
  event({ ns: 'shop', name: 'data-web-0.1844f2a1b0c3d001', obj: pvcRef('data-web-0', UID.pvcWeb0, '46990'), reason: 'WaitForFirstConsumer', message: 'waiting for first consumer to be created before binding', source: 'persistentvolume-controller', first: '2025-06-02T09:15:00Z', rv: 46991 }),
  event({ ns: 'shop', name: 'data-web-0.1844f2a1b0c3d002', obj: pvcRef('data-web-0', UID.pvcWeb0, '46995'), reason: 'ExternalProvisioning', message: waitForProvisioner, source: 'persistentvolume-controller', first: '2025-06-02T09:15:01Z', last: '2025-06-02T09:15:08Z', count: 3, rv: 47005 }),
  event({ ns: 'shop', name: 'data-web-0.1844f2a1b0c3d003', obj: pvcRef('data-web-0', UID.pvcWeb0, '46995'), reason: 'Provisioning', message: 'External provisioner is provisioning volume for claim "shop/data-web-0"', source: externalProvisionerSource, first: '2025-06-02T09:15:02Z', rv: 46998 }),
  event({ ns: 'shop', name: 'data-web-0.1844f2a1b0c3d004', obj: pvcRef('data-web-0', UID.pvcWeb0, '46995'), reason: 'ProvisioningSucceeded', message: 'Successfully provisioned volume pvc-6a1c2f1e-4b7d-4e2a-9c3f-1d5e7a9b2c41', source: externalProvisionerSource, first: '2025-06-02T09:15:10Z', rv: 47008 }),
  // An earlier claim of the same name (another uid): describe must not list it.
  event({ ns: 'shop', name: 'data-web-0.1844e0ff00000001', obj: pvcRef('data-web-0', '00000000-dead-4bee-8f00-000000000001', '41000'), type: 'Warning', reason: 'ProvisioningFailed', message: 'storageclass.storage.k8s.io "slow" not found', source: 'persistentvolume-controller', first: '2025-06-02T09:10:00Z', rv: 41001 }),
  // data-web-1 waits for its pod, which cannot be scheduled.
  event({ ns: 'shop', name: 'data-web-1.1844f3c2d1e4f001', obj: pvcRef('data-web-1', UID.pvcWeb1, '47400'), reason: 'WaitForPodScheduled', message: 'waiting for pod web-1 to be scheduled', source: 'persistentvolume-controller', first: '2025-06-02T09:40:00Z', last: '2025-06-02T09:59:45Z', count: 80, rv: 48301 }),
  seriesEvent({
    ns: 'shop', name: 'web-1.1844f3c2d2a5b001', obj: podRef('web-1', UID.podWeb1, '47401'), type: 'Warning', reason: 'FailedScheduling',
    message: "0/2 nodes are available: 1 node(s) didn't match pod anti-affinity rules, 1 node(s) had untolerated taint {dedicated: db}. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
    controller: 'default-scheduler', instance: 'default-scheduler-ip-10-0-0-10', action: 'Scheduling', time: '2025-06-02T09:40:01.000000Z',
    series: { count: 4, lastObservedTime: '2025-06-02T09:55:01.000000Z' }, rv: 48002,
  }),
  // reports: the provisioner refuses the size.
  event({ ns: 'shop', name: 'reports.1844f35b0a1c2001', obj: pvcRef('reports', UID.pvcReports, '47300'), reason: 'ExternalProvisioning', message: waitForProvisioner, source: 'persistentvolume-controller', first: '2025-06-02T09:30:00Z', last: '2025-06-02T09:59:50Z', count: 121, rv: 48320 }),
  event({ ns: 'shop', name: 'reports.1844f35b0a1c2002', obj: pvcRef('reports', UID.pvcReports, '47300'), reason: 'Provisioning', message: 'External provisioner is provisioning volume for claim "shop/reports"', source: externalProvisionerSource, first: '2025-06-02T09:30:01Z', last: '2025-06-02T09:58:30Z', count: 6, rv: 48210 }),
  event({ ns: 'shop', name: 'reports.1844f35b0a1c2003', obj: pvcRef('reports', UID.pvcReports, '47300'), type: 'Warning', reason: 'ProvisioningFailed', message: 'failed to provision volume with StorageClass "fast": rpc error: code = InvalidArgument desc = Volume size exceeds the limits specified for the volume type', source: externalProvisionerSource, first: '2025-06-02T09:30:03Z', last: '2025-06-02T09:58:33Z', count: 6, rv: 48212 }),
  // legacy: no class, no volume that fits.
  event({ ns: 'shop', name: 'legacy.1844f4a0b1c2d001', obj: pvcRef('legacy', UID.pvcLegacy, '47700'), reason: 'FailedBinding', message: 'no persistent volumes available for this claim and no storage class is set', source: 'persistentvolume-controller', first: '2025-06-02T09:50:00Z', last: '2025-06-02T09:59:58Z', count: 41, rv: 48330 }),
  // pg-data and logs: expansion.
  event({ ns: 'shop', name: 'pg-data.1844f5a1b2c3d001', obj: pvcRef('pg-data', UID.pvcPg, '47800'), reason: 'Resizing', message: 'External resizer is resizing volume pvc-9b3e7d21-0c4f-4a6b-8e2d-6c0d2f4a7b96', source: externalResizerSource, first: '2025-06-02T09:57:00Z', rv: 47810 }),
  event({ ns: 'shop', name: 'pg-data.1844f5a1b2c3d002', obj: pvcRef('pg-data', UID.pvcPg, '47800'), reason: 'FileSystemResizeRequired', message: 'Require file system resize of volume on node', source: externalResizerSource, first: '2025-06-02T09:57:04Z', rv: 47822 }),
  event({ ns: 'shop', name: 'logs.1844f5f0a1b2c001', obj: pvcRef('logs', UID.pvcLogs, '48010'), reason: 'Resizing', message: 'External resizer is resizing volume pvc-c4d5e6f7-1a2b-4c3d-9e4f-7d1e3a5b8ca7', source: externalResizerSource, first: '2025-06-02T09:59:30Z', rv: 48021 }),
  // staging/cache waits for a consumer.
  event({ ns: 'staging', name: 'cache.1844f5f8c0d1e001', obj: ref('PersistentVolumeClaim', 'staging', 'cache', UID.pvcCache, 'v1', { resourceVersion: '47950' }), reason: 'WaitForFirstConsumer', message: 'waiting for first consumer to be created before binding', source: 'persistentvolume-controller', first: '2025-06-02T09:58:00Z', last: '2025-06-02T09:59:45Z', count: 8, rv: 48340 }),
  // pv-failed: the hostPath deleter refuses it (a cluster-scoped object: event in default).
  event({ name: 'pv-failed.1844f4c9a0b1c001', obj: ref('PersistentVolume', '', 'pv-failed', UID.pvFailed, 'v1', { resourceVersion: '48140' }), type: 'Warning', reason: 'VolumeFailedDelete', message: 'host_path deleter only supports /tmp/.+ but received provided /data/failed', source: 'persistentvolume-controller', first: '2025-06-02T09:52:10Z', rv: 48151 }),
  // web-0's start.
  seriesEvent({ ns: 'shop', name: 'web-0.1844f2a1c0d1e001', obj: podRef('web-0', UID.podWeb0, '46996'), reason: 'Scheduled', message: 'Successfully assigned shop/web-0 to node-a', controller: 'default-scheduler', instance: 'default-scheduler-ip-10-0-0-10', action: 'Binding', time: '2025-06-02T09:15:11.000000Z', rv: 47009 }),
  event({ ns: 'shop', name: 'web-0.1844f2a1c0d1e002', obj: podRef('web-0', UID.podWeb0, '47009'), reason: 'SuccessfulAttachVolume', message: 'AttachVolume.Attach succeeded for volume "pvc-6a1c2f1e-4b7d-4e2a-9c3f-1d5e7a9b2c41" ', source: 'attachdetach-controller', first: '2025-06-02T09:15:14Z', rv: 47015 }),
  event({ ns: 'shop', name: 'web-0.1844f2a1c0d1e003', obj: ref('Pod', 'shop', 'web-0', UID.podWeb0, 'v1', { fieldPath: 'spec.containers{nginx}', resourceVersion: '47009' }), reason: 'Pulled', message: 'Container image "nginx:1.27" already present on machine', source: 'kubelet', first: '2025-06-02T09:15:16Z', rv: 47020 }),
  event({ ns: 'shop', name: 'web-0.1844f2a1c0d1e004', obj: ref('Pod', 'shop', 'web-0', UID.podWeb0, 'v1', { fieldPath: 'spec.containers{nginx}', resourceVersion: '47009' }), reason: 'Created', message: 'Created container: nginx', source: 'kubelet', first: '2025-06-02T09:15:16Z', rv: 47021 }),
  event({ ns: 'shop', name: 'web-0.1844f2a1c0d1e005', obj: ref('Pod', 'shop', 'web-0', UID.podWeb0, 'v1', { fieldPath: 'spec.containers{nginx}', resourceVersion: '47009' }), reason: 'Started', message: 'Started container nginx', source: 'kubelet', first: '2025-06-02T09:15:17Z', rv: 47022 }),
  // The StatefulSet controller creates claim and pod in the same second.
  event({ ns: 'shop', name: 'web.1844f2a1a0b1c001', obj: ref('StatefulSet', 'shop', 'web', UID.stsWeb, 'apps/v1', { resourceVersion: '46980' }), reason: 'SuccessfulCreate', message: 'create Claim data-web-0 Pod web-0 in StatefulSet web success', source: 'statefulset-controller', first: '2025-06-02T09:15:00Z', rv: 46985 }),
  event({ ns: 'shop', name: 'web.1844f2a1a0b1c002', obj: ref('StatefulSet', 'shop', 'web', UID.stsWeb, 'apps/v1', { resourceVersion: '46980' }), reason: 'SuccessfulCreate', message: 'create Pod web-0 in StatefulSet web successful', source: 'statefulset-controller', first: '2025-06-02T09:15:00Z', rv: 46987 }),
  event({ ns: 'shop', name: 'web.1844f3c2c0b1a001', obj: ref('StatefulSet', 'shop', 'web', UID.stsWeb, 'apps/v1', { resourceVersion: '47390' }), reason: 'SuccessfulCreate', message: 'create Claim data-web-1 Pod web-1 in StatefulSet web success', source: 'statefulset-controller', first: '2025-06-02T09:40:00Z', rv: 47395 }),
  event({ ns: 'shop', name: 'web.1844f3c2c0b1a002', obj: ref('StatefulSet', 'shop', 'web', UID.stsWeb, 'apps/v1', { resourceVersion: '47390' }), reason: 'SuccessfulCreate', message: 'create Pod web-1 in StatefulSet web successful', source: 'statefulset-controller', first: '2025-06-02T09:40:00Z', rv: 47397 }),
  // A bare pod deleted 22 minutes ago: the pod is gone, its events remain.
  event({ ns: 'shop', name: 'migrate-schema.1844f3a0b2c3d001', obj: ref('Pod', 'shop', 'migrate-schema', '0b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e', 'v1', { fieldPath: 'spec.containers{migrate}', resourceVersion: '47190' }), reason: 'Killing', message: 'Stopping container migrate', source: 'kubelet', first: '2025-06-02T09:38:00Z', rv: 47206 }),
  // The Deployment scaled up half an hour ago.
  event({ ns: 'shop', name: 'api.1844f35a9f8e7001', obj: ref('Deployment', 'shop', 'api', UID.deployApi, 'apps/v1', { resourceVersion: '47290' }), reason: 'ScalingReplicaSet', message: 'Scaled up replica set api-7d4b9c8f6d from 1 to 2', source: 'deployment-controller', first: '2025-06-02T09:30:00Z', rv: 47292 }),
  // node-b came back: the kubelet names the node by name (its uid field is the name), the node
  // controller by uid.
  event({ name: 'node-b.1844f3e0a1b2c001', obj: ref('Node', '', 'node-b', 'node-b'), reason: 'NodeReady', message: 'Node node-b status is now: NodeReady', source: 'kubelet', first: '2025-06-02T09:35:00Z', rv: 47350 }),
  event({ name: 'node-b.1844f3e0a1b2c002', obj: ref('Node', '', 'node-b', UID.nodeB), reason: 'RegisteredNode', message: 'Node node-b event: Registered Node node-b in Controller', source: 'node-controller', first: '2025-06-02T09:35:08Z', rv: 47352 }),
  event({ name: 'node-b.1844f3e0a1b2c003', obj: ref('Node', '', 'node-b', 'node-b'), type: 'Warning', reason: 'FreeDiskSpaceFailed', message: 'Failed to garbage collect required amount of images. Attempted to free 2147483648 bytes, but only found 0 bytes eligible to free.', source: 'kubelet', first: '2025-06-02T09:36:00Z', last: '2025-06-02T09:56:00Z', count: 5, rv: 48100 }),
];

export const objects = [
  ...namespaces, ...nodes, ...leases, ...storageClasses, ...volumes, ...claims,
  ...pods, ...statefulSets, ...deployments, ...replicaSets, ...events,
];

/** The cluster as a `kind: List`, the form golden/cluster.json has. */
export const clusterList = () => ({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: structuredClone(objects) });

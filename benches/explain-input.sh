#!/usr/bin/env bash
# Writes N PersistentVolumes and N PersistentVolumeClaims as one YAML stream (one flow-style
# line per spec; 10,000 + 10,000 objects are 3.4 MB), the input of the `pvsim explain`
# figures in BENCHMARKS.md: seeded sizes from 1 to 100 Gi, two access modes, two classes,
# so some claims bind and some stay Pending.
#   bash benches/explain-input.sh N [SEED] > pairs.yaml
set -euo pipefail
n=${1:?usage: explain-input.sh N [SEED]}
seed=${2:-1}
awk -v n="$n" -v seed="$seed" 'BEGIN {
  srand(seed)
  split("ReadWriteOnce ReadWriteMany", modes, " ")
  split("manual fast", classes, " ")
  for (i = 0; i < n; i++) {
    printf "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv-%05d}\n", i
    printf "spec: {capacity: {storage: %dGi}, accessModes: [%s], storageClassName: %s, hostPath: {path: /mnt/%05d}}\n---\n", 1 + int(rand() * 100), modes[1 + int(rand() * 2)], classes[1 + int(rand() * 2)], i
  }
  for (i = 0; i < n; i++) {
    printf "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: claim-%05d, namespace: default}\n", i
    printf "spec: {accessModes: [%s], storageClassName: %s, resources: {requests: {storage: %dGi}}}\n", modes[1 + int(rand() * 2)], classes[1 + int(rand() * 2)], 1 + int(rand() * 100)
    if (i < n - 1) printf "---\n"
  }
}'

// Manifests the end-to-end tests share (as crates/fixtures does for the Rust tests).

/** StatefulSet `<namespace>/web` of `replicas` nginx pods with the 1Gi ReadWriteOnce claim
 * template `www` in class `className`; `serviceName: web` when `service` is set. */
export function webStatefulSet({ namespace, replicas, className, service = false }) {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: ${namespace}}
spec:
  replicas: ${replicas}
${service ? '  serviceName: web\n' : ''}  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx}]}
  volumeClaimTemplates:
  - metadata: {name: www}
    spec:
      accessModes: [ReadWriteOnce]
      storageClassName: ${className}
      resources: {requests: {storage: 1Gi}}
`;
}

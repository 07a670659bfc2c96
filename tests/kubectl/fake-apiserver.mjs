// A loopback fake Kubernetes API server, just enough for the real kubectl to talk to.
//
// It serves a fixed set of objects (a `kind: List` JSON file, or objects passed in) on a free
// port of 127.0.0.1, so that kubectl's client-side output (describe, -o yaml|json|name, error
// texts, "created"/"patched"/"deleted" lines) can be captured as the reference for our own
// console. It is test infrastructure: no validation, no defaulting, no admission, no
// controllers (except the two protection finalizers, see `protectionFinalizersDone`), no
// server-side apply, no Table rendering; a watch opens and stays silent. See README.md next
// to this file.
//
// Time: the store holds objects in "scenario time". `setTimeShift(ms)` makes every served
// timestamp (any string of the form 2006-01-02T15:04:05[.frac]Z) move by `ms`, and request
// bodies move back by the same amount, so the oracle can make kubectl's wall clock coincide
// with the scenario's "now" (oracle.mjs explains how). Objects the server stamps itself
// (creationTimestamp of a POST, deletionTimestamp of a DELETE) get the scenario's `now`.
//
// Node 20, no dependencies. Usage as a program:
//   node tests/kubectl/fake-apiserver.mjs --objects objects.json [--port 0] [--now 2025-06-02T10:00:00Z]
// prints the URL on stdout and serves until killed.

import http from 'node:http';
import fs from 'node:fs';
import crypto from 'node:crypto';

// ---------------------------------------------------------------------------------------
// The API surface: what discovery lists. Names, kinds, short names, categories and verbs are
// those of a 1.32 API server. Resources that the tests give no objects for list as empty.

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const SUB_GET_PATCH_UPDATE = ['get', 'patch', 'update'];

/** @type {Array<{group:string, version:string, name:string, singularName:string, namespaced:boolean, kind:string, verbs:string[], shortNames?:string[], categories?:string[], subresources?:Array<{name:string, kind:string, verbs:string[], group?:string, version?:string}>, statusSubresource?:boolean}>} */
export const RESOURCES = [
  // core/v1
  { group: '', version: 'v1', name: 'bindings', singularName: 'binding', namespaced: true, kind: 'Binding', verbs: ['create'] },
  { group: '', version: 'v1', name: 'componentstatuses', singularName: 'componentstatus', namespaced: false, kind: 'ComponentStatus', verbs: ['get', 'list'], shortNames: ['cs'] },
  { group: '', version: 'v1', name: 'configmaps', singularName: 'configmap', namespaced: true, kind: 'ConfigMap', verbs: RW, shortNames: ['cm'] },
  { group: '', version: 'v1', name: 'endpoints', singularName: 'endpoints', namespaced: true, kind: 'Endpoints', verbs: RW, shortNames: ['ep'] },
  { group: '', version: 'v1', name: 'events', singularName: 'event', namespaced: true, kind: 'Event', verbs: RW, shortNames: ['ev'] },
  { group: '', version: 'v1', name: 'limitranges', singularName: 'limitrange', namespaced: true, kind: 'LimitRange', verbs: RW, shortNames: ['limits'] },
  { group: '', version: 'v1', name: 'namespaces', singularName: 'namespace', namespaced: false, kind: 'Namespace', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ns'],
    subresources: [{ name: 'finalize', kind: 'Namespace', verbs: ['update'] }, { name: 'status', kind: 'Namespace', verbs: SUB_GET_PATCH_UPDATE }], statusSubresource: true },
  { group: '', version: 'v1', name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', verbs: RW, shortNames: ['no'],
    subresources: [{ name: 'proxy', kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }, { name: 'status', kind: 'Node', verbs: SUB_GET_PATCH_UPDATE }], statusSubresource: true },
  { group: '', version: 'v1', name: 'persistentvolumeclaims', singularName: 'persistentvolumeclaim', namespaced: true, kind: 'PersistentVolumeClaim', verbs: RW, shortNames: ['pvc'],
    subresources: [{ name: 'status', kind: 'PersistentVolumeClaim', verbs: SUB_GET_PATCH_UPDATE }], statusSubresource: true },
  { group: '', version: 'v1', name: 'persistentvolumes', singularName: 'persistentvolume', namespaced: false, kind: 'PersistentVolume', verbs: RW, shortNames: ['pv'],
    subresources: [{ name: 'status', kind: 'PersistentVolume', verbs: SUB_GET_PATCH_UPDATE }], statusSubresource: true },
  { group: '', version: 'v1', name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: RW, shortNames: ['po'], categories: ['all'],
    subresources: [
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
      { name: 'ephemeralcontainers', kind: 'Pod', verbs: SUB_GET_PATCH_UPDATE },
      { name: 'eviction', kind: 'Eviction', verbs: ['create'], group: 'policy', version: 'v1' },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      { name: 'proxy', kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
      { name: 'status', kind: 'Pod', verbs: SUB_GET_PATCH_UPDATE },
    ], statusSubresource: true },
  { group: '', version: 'v1', name: 'podtemplates', singularName: 'podtemplate', namespaced: true, kind: 'PodTemplate', verbs: RW },
  { group: '', version: 'v1', name: 'replicationcontrollers', singularName: 'replicationcontroller', namespaced: true, kind: 'ReplicationController', verbs: RW, shortNames: ['rc'], categories: ['all'],
    subresources: [{ name: 'scale', kind: 'Scale', verbs: SUB_GET_PATCH_UPDATE, group: 'autoscaling', version: 'v1' }, { name: 'status', kind: 'ReplicationController', verbs: SUB_GET_PATCH_UPDATE }], statusSubresource: true },
  { group: '', version: 'v1', name: 'resourcequotas', singularName: 'resourcequota', namespaced: true, kind: 'ResourceQuota', verbs: RW, shortNames: ['quota'],
    subresources: [{ name: 'status', kind: 'ResourceQuota', verbs: SUB_GET_PATCH_UPDATE }], statusSubresource: true },
  { group: '', version: 'v1', name: 'secrets', singularName: 'secret', namespaced: true, kind: 'Secret', verbs: RW },
  { group: '', version: 'v1', name: 'serviceaccounts', singularName: 'serviceaccount', namespaced: true, kind: 'ServiceAccount', verbs: RW, shortNames: ['sa'],
    subresources: [{ name: 'token', kind: 'TokenRequest', verbs: ['create'], group: 'authentication.k8s.io', version: 'v1' }] },
  { group: '', version: 'v1', name: 'services', singularName: 'service', namespaced: true, kind: 'Service', verbs: RW, shortNames: ['svc'], categories: ['all'],
    subresources: [{ name: 'proxy', kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }, { name: 'status', kind: 'Service', verbs: SUB_GET_PATCH_UPDATE }], statusSubresource: true },
  // apps/v1
  { group: 'apps', version: 'v1', name: 'controllerrevisions', singularName: 'controllerrevision', namespaced: true, kind: 'ControllerRevision', verbs: RW },
  { group: 'apps', version: 'v1', name: 'daemonsets', singularName: 'daemonset', namespaced: true, kind: 'DaemonSet', verbs: RW, shortNames: ['ds'], categories: ['all'],
    subresources: [{ name: 'status', kind: 'DaemonSet', verbs: SUB_GET_PATCH_UPDATE }], statusSubresource: true },
  { group: 'apps', version: 'v1', name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: RW, shortNames: ['deploy'], categories: ['all'],
    subresources: [{ name: 'scale', kind: 'Scale', verbs: SUB_GET_PATCH_UPDATE, group: 'autoscaling', version: 'v1' }, { name: 'status', kind: 'Deployment', verbs: SUB_GET_PATCH_UPDATE }], statusSubresource: true },
  { group: 'apps', version: 'v1', name: 'replicasets', singularName: 'replicaset', namespaced: true, kind: 'ReplicaSet', verbs: RW, shortNames: ['rs'], categories: ['all'],
    subresources: [{ name: 'scale', kind: 'Scale', verbs: SUB_GET_PATCH_UPDATE, group: 'autoscaling', version: 'v1' }, { name: 'status', kind: 'ReplicaSet', verbs: SUB_GET_PATCH_UPDATE }], statusSubresource: true },
  { group: 'apps', version: 'v1', name: 'statefulsets', singularName: 'statefulset', namespaced: true, kind: 'StatefulSet', verbs: RW, shortNames: ['sts'], categories: ['all'],
    subresources: [{ name: 'scale', kind: 'Scale', verbs: SUB_GET_PATCH_UPDATE, group: 'autoscaling', version: 'v1' }, { name: 'status', kind: 'StatefulSet', verbs: SUB_GET_PATCH_UPDATE }], statusSubresource: true },
  // coordination.k8s.io/v1 (describe node reads the node's Lease in kube-node-lease)
  { group: 'coordination.k8s.io', version: 'v1', name: 'leases', singularName: 'lease', namespaced: true, kind: 'Lease', verbs: RW },
  // storage.k8s.io/v1
  { group: 'storage.k8s.io', version: 'v1', name: 'csidrivers', singularName: 'csidriver', namespaced: false, kind: 'CSIDriver', verbs: RW },
  { group: 'storage.k8s.io', version: 'v1', name: 'csinodes', singularName: 'csinode', namespaced: false, kind: 'CSINode', verbs: RW },
  { group: 'storage.k8s.io', version: 'v1', name: 'csistoragecapacities', singularName: 'csistoragecapacity', namespaced: true, kind: 'CSIStorageCapacity', verbs: RW },
  { group: 'storage.k8s.io', version: 'v1', name: 'storageclasses', singularName: 'storageclass', namespaced: false, kind: 'StorageClass', verbs: RW, shortNames: ['sc'] },
  { group: 'storage.k8s.io', version: 'v1', name: 'volumeattachments', singularName: 'volumeattachment', namespaced: false, kind: 'VolumeAttachment', verbs: RW,
    subresources: [{ name: 'status', kind: 'VolumeAttachment', verbs: SUB_GET_PATCH_UPDATE }], statusSubresource: true },
];

/** API groups other than core, in the order /apis lists them. */
const GROUPS = ['apps', 'coordination.k8s.io', 'storage.k8s.io'];

const gvOf = (r) => (r.group ? `${r.group}/${r.version}` : r.version);
export const resourceFor = (group, version, plural) =>
  RESOURCES.find((r) => r.group === group && r.version === version && r.name === plural);
export const resourceForKind = (apiVersion, kind) =>
  RESOURCES.find((r) => gvOf(r) === apiVersion && r.kind === kind);

// ---------------------------------------------------------------------------------------
// Kubernetes Status objects, as an API server writes them.

function status(code, reason, message, details) {
  const s = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason };
  if (details !== undefined) s.details = details;
  s.code = code;
  return s;
}
const qualified = (r) => (r.group ? `${r.name}.${r.group}` : r.name);
const detailsFor = (r, name) => {
  const d = { name };
  if (r.group) d.group = r.group;
  d.kind = r.name;
  return d;
};
export const notFound = (r, name) => status(404, 'NotFound', `${qualified(r)} "${name}" not found`, detailsFor(r, name));
export const alreadyExists = (r, name) => status(409, 'AlreadyExists', `${qualified(r)} "${name}" already exists`, detailsFor(r, name));
const conflict = (r, name) => status(409, 'Conflict',
  `Operation cannot be fulfilled on ${qualified(r)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
  detailsFor(r, name));
const noSuchPath = () => status(404, 'NotFound', 'the server could not find the requested resource', {});
const methodNotAllowed = () => status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
const badRequest = (message) => status(400, 'BadRequest', message);
const unsupportedMedia = (type) => status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${type}; server-side apply is not served by this fake server)`);
const invalid = (r, name, message) => status(422, 'Invalid', message, detailsFor(r, name));

// ---------------------------------------------------------------------------------------
// Timestamps. Any string value that is an RFC 3339 UTC time is a timestamp.

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/;

/** Moves an RFC 3339 UTC time string by `ms` (a multiple of 1000), keeping its fraction digits. */
export function shiftIso(s, ms) {
  const m = ISO_RE.exec(s);
  if (!m) return s;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) + ms;
  return new Date(t).toISOString().slice(0, 19) + (m[7] || '') + 'Z';
}

/** A deep copy of `value` with every timestamp string moved by `ms`. */
export function shiftTimes(value, ms) {
  if (ms === 0) return structuredClone(value);
  if (typeof value === 'string') return ISO_RE.test(value) ? shiftIso(value, ms) : value;
  if (Array.isArray(value)) return value.map((v) => shiftTimes(v, ms));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = shiftTimes(v, ms);
    return out;
  }
  return value;
}

/** Every timestamp in `value`, as whole seconds since the epoch (milliseconds, floored). */
export function collectTimes(value, into = new Set()) {
  if (typeof value === 'string') {
    const m = ISO_RE.exec(value);
    if (m) into.add(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  } else if (Array.isArray(value)) value.forEach((v) => collectTimes(v, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => collectTimes(v, into));
  return into;
}

const isoSeconds = (ms) => new Date(ms).toISOString().slice(0, 19) + 'Z';

// ---------------------------------------------------------------------------------------
// Selectors.

/** Parses a label selector string (kubectl's `-l`, or LabelSelectorAsSelector().String()). */
export function parseLabelSelector(text) {
  const reqs = [];
  if (!text) return reqs;
  // Split on commas that are not inside parentheses.
  const parts = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) { parts.push(cur); cur = ''; } else cur += ch;
  }
  parts.push(cur);
  for (let p of parts) {
    p = p.trim();
    if (!p) continue;
    let m;
    if ((m = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(p))) {
      reqs.push({ key: m[1], op: m[2], values: m[3].split(',').map((v) => v.trim()).filter((v) => v !== '' || m[3].trim() === '') });
    } else if ((m = /^!\s*(\S+)$/.exec(p))) reqs.push({ key: m[1], op: '!' });
    else if ((m = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(.*)$/.exec(p))) reqs.push({ key: m[1], op: m[2] === '==' ? '=' : m[2], values: [m[3].trim()] });
    else reqs.push({ key: p, op: 'exists' });
  }
  return reqs;
}

export function matchesLabels(labels, reqs) {
  labels = labels || {};
  return reqs.every(({ key, op, values }) => {
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const v = labels[key];
    switch (op) {
      case '=': return has && v === values[0];
      case '!=': return !has || v !== values[0];
      case 'in': return has && values.includes(v);
      case 'notin': return !has || !values.includes(v);
      case 'exists': return has;
      case '!': return !has;
      case '<': return has && Number(v) < Number(values[0]);
      case '>': return has && Number(v) > Number(values[0]);
      default: return false;
    }
  });
}

/** Parses a field selector (`a=b,c!=d`, with `\,` `\=` `\\` escapes as fields.EscapeValue writes them). */
export function parseFieldSelector(text) {
  const reqs = [];
  if (!text) return reqs;
  const parts = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) { cur += ch + text[++i]; continue; }
    if (ch === ',') { parts.push(cur); cur = ''; } else cur += ch;
  }
  parts.push(cur);
  const unescape = (s) => s.replace(/\\(.)/g, '$1');
  for (const p of parts) {
    if (!p) continue;
    const m = /^([^=!]+)(!=|==|=)(.*)$/.exec(p);
    if (!m) throw new Error(`invalid field selector: ${p}`);
    reqs.push({ path: m[1], op: m[2] === '!=' ? '!=' : '=', value: unescape(m[3]) });
  }
  return reqs;
}

const FIELD_ALIASES = { source: 'source.component' };

function fieldValue(obj, path) {
  let v = obj;
  for (const part of (FIELD_ALIASES[path] || path).split('.')) {
    if (v == null || typeof v !== 'object') return '';
    v = v[part];
  }
  return v == null ? '' : String(v);
}

export const matchesFields = (obj, reqs) =>
  reqs.every(({ path, op, value }) => (op === '=' ? fieldValue(obj, path) === value : fieldValue(obj, path) !== value));

// ---------------------------------------------------------------------------------------
// Go's encoding/json error texts, for the patch bodies the API server refuses (the server
// decodes them with sigs.k8s.io/json, a fork of encoding/json with the same scanner).

function goQuoteChar(c) {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  const named = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x5c: '\\\\' };
  if (named[c]) return `'${named[c]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  if (c >= 0x80 && (c < 0xa1 || c === 0xad)) return `'\\u00${c.toString(16).padStart(2, '0')}'`;
  return `'${String.fromCharCode(c)}'`;
}

/** The error Go's json.Unmarshal reports for a syntax error in `text`, or null if it is valid JSON. */
export function goJsonSyntaxError(text) {
  const bytes = Buffer.from(text, 'utf8');
  const stack = []; // 'key' | 'value' | 'array'
  let step;
  let endTop = false;
  let err = null;
  const fail = (c, ctx) => { err = `invalid character ${goQuoteChar(c)} ${ctx}`; step = () => 'error'; return 'error'; };
  const isSpace = (c) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
  const isDigit = (c) => c >= 0x30 && c <= 0x39;
  const isHex = (c) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
  const pop = () => { stack.pop(); if (stack.length === 0) { step = endTopState; endTop = true; } else step = endValue; };
  const endTopState = (c) => { if (!isSpace(c)) fail(c, 'after top-level value'); return 'end'; };
  const literal = (word, i, name) => (c) => {
    if (c === word.charCodeAt(i)) { step = i + 1 === word.length ? endValue : literal(word, i + 1, name); return 'cont'; }
    return fail(c, `in literal ${name} (expecting '${word[i]}')`);
  };
  function beginValue(c) {
    if (isSpace(c)) return 'space';
    switch (c) {
      case 0x7b: step = beginStringOrEmpty; stack.push('key'); return 'cont';
      case 0x5b: step = beginValueOrEmpty; stack.push('array'); return 'cont';
      case 0x22: step = inString; return 'cont';
      case 0x2d: step = neg; return 'cont';
      case 0x30: step = zero; return 'cont';
      case 0x74: step = literal('true', 1, 'true'); return 'cont';
      case 0x66: step = literal('false', 1, 'false'); return 'cont';
      case 0x6e: step = literal('null', 1, 'null'); return 'cont';
      default:
        if (c >= 0x31 && c <= 0x39) { step = one; return 'cont'; }
        return fail(c, 'looking for beginning of value');
    }
  }
  function beginValueOrEmpty(c) { if (isSpace(c)) return 'space'; if (c === 0x5d) return endValue(c); return beginValue(c); }
  function beginStringOrEmpty(c) {
    if (isSpace(c)) return 'space';
    if (c === 0x7d) { stack[stack.length - 1] = 'value'; return endValue(c); }
    return beginString(c);
  }
  function beginString(c) {
    if (isSpace(c)) return 'space';
    if (c === 0x22) { step = inString; return 'cont'; }
    return fail(c, 'looking for beginning of object key string');
  }
  function endValue(c) {
    if (stack.length === 0) { step = endTopState; endTop = true; return endTopState(c); }
    if (isSpace(c)) { step = endValue; return 'space'; }
    const top = stack[stack.length - 1];
    if (top === 'key') {
      if (c === 0x3a) { stack[stack.length - 1] = 'value'; step = beginValue; return 'cont'; }
      return fail(c, 'after object key');
    }
    if (top === 'value') {
      if (c === 0x2c) { stack[stack.length - 1] = 'key'; step = beginString; return 'cont'; }
      if (c === 0x7d) { pop(); return 'cont'; }
      return fail(c, 'after object key:value pair');
    }
    if (c === 0x2c) { step = beginValue; return 'cont'; }
    if (c === 0x5d) { pop(); return 'cont'; }
    return fail(c, 'after array element');
  }
  function inString(c) {
    if (c === 0x22) { step = endValue; return 'cont'; }
    if (c === 0x5c) { step = inStringEsc; return 'cont'; }
    if (c < 0x20) return fail(c, 'in string literal');
    return 'cont';
  }
  function inStringEsc(c) {
    if ([0x62, 0x66, 0x6e, 0x72, 0x74, 0x5c, 0x2f, 0x22].includes(c)) { step = inString; return 'cont'; }
    if (c === 0x75) { step = hex(0); return 'cont'; }
    return fail(c, 'in string escape code');
  }
  const hex = (n) => (c) => {
    if (isHex(c)) { step = n === 3 ? inString : hex(n + 1); return 'cont'; }
    return fail(c, 'in \\u hexadecimal character escape');
  };
  function neg(c) {
    if (c === 0x30) { step = zero; return 'cont'; }
    if (c >= 0x31 && c <= 0x39) { step = one; return 'cont'; }
    return fail(c, 'in numeric literal');
  }
  function one(c) { if (isDigit(c)) { step = one; return 'cont'; } return zero(c); }
  function zero(c) {
    if (c === 0x2e) { step = dot; return 'cont'; }
    if (c === 0x65 || c === 0x45) { step = exp; return 'cont'; }
    return endValue(c);
  }
  function dot(c) { if (isDigit(c)) { step = dot0; return 'cont'; } return fail(c, 'after decimal point in numeric literal'); }
  function dot0(c) {
    if (isDigit(c)) return 'cont';
    if (c === 0x65 || c === 0x45) { step = exp; return 'cont'; }
    return endValue(c);
  }
  function exp(c) { if (c === 0x2b || c === 0x2d) { step = expSign; return 'cont'; } return expSign(c); }
  function expSign(c) { if (isDigit(c)) { step = exp0; return 'cont'; } return fail(c, 'in exponent of numeric literal'); }
  function exp0(c) { if (isDigit(c)) return 'cont'; return endValue(c); }

  step = beginValue;
  for (const c of bytes) {
    if (step(c) === 'error') return err;
  }
  if (err) return err;
  if (endTop) return null;
  step(0x20);
  if (endTop && !err) return null;
  return err || 'unexpected end of JSON input';
}

/**
 * The error Go's json.Unmarshal reports for `text` decoded into `goType` ('map' for
 * map[string]interface {}, 'jsonPatchOps' for the API server's []handlers.jsonPatchOp), or null.
 */
export function goUnmarshalError(text, goType) {
  const syntax = goJsonSyntaxError(text);
  if (syntax) return syntax;
  const v = JSON.parse(text);
  const kindOf = (x) => (x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x === 'object' ? 'object' : typeof x === 'boolean' ? 'bool' : typeof x);
  const k = kindOf(v);
  if (goType === 'map') {
    return k === 'object' || k === 'null' ? null : `json: cannot unmarshal ${k} into Go value of type map[string]interface {}`;
  }
  if (k === 'null') return null;
  if (k !== 'array') return `json: cannot unmarshal ${k} into Go value of type []handlers.jsonPatchOp`;
  const bad = v.map(kindOf).find((x) => x !== 'object' && x !== 'null');
  return bad ? `json: cannot unmarshal ${bad} into Go value of type handlers.jsonPatchOp` : null;
}

// ---------------------------------------------------------------------------------------
// Patches.

/** What a watch request gets: see the request handler. */
const QUIET_WATCH = Symbol('quiet watch');

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

export function deepEqual(a, b) {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target, patch) {
  if (!isObj(patch)) return structuredClone(patch);
  const out = isObj(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** RFC 6902 JSON patch. Throws an Error with a message on a failed operation. */
export function jsonPatch(doc, ops) {
  if (!Array.isArray(ops)) throw new Error('json patch must be an array of operations');
  let root = structuredClone(doc);
  const parse = (p) => {
    if (p === '') return [];
    if (!p.startsWith('/')) throw new Error(`invalid JSON pointer: "${p}"`);
    return p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  };
  const get = (tokens) => {
    let v = root;
    for (const t of tokens) {
      if (Array.isArray(v)) v = v[Number(t)];
      else if (isObj(v) && Object.prototype.hasOwnProperty.call(v, t)) v = v[t];
      else return undefined;
      if (v === undefined) return undefined;
    }
    return v;
  };
  const parentOf = (tokens, path) => {
    const parent = get(tokens.slice(0, -1));
    if (parent === undefined || parent === null || typeof parent !== 'object') throw new Error(`doc is missing path: "${path}"`);
    return parent;
  };
  const add = (path, value) => {
    const tokens = parse(path);
    if (!tokens.length) { root = value; return; }
    const parent = parentOf(tokens, path);
    const last = tokens[tokens.length - 1];
    if (Array.isArray(parent)) {
      const i = last === '-' ? parent.length : Number(last);
      if (!Number.isInteger(i) || i < 0 || i > parent.length) throw new Error(`add operation does not apply: doc is missing path: "${path}"`);
      parent.splice(i, 0, value);
    } else parent[last] = value;
  };
  const remove = (path) => {
    const tokens = parse(path);
    const parent = parentOf(tokens, path);
    const last = tokens[tokens.length - 1];
    if (Array.isArray(parent)) {
      const i = Number(last);
      if (!Number.isInteger(i) || i < 0 || i >= parent.length) throw new Error(`remove operation does not apply: doc is missing path: "${path}"`);
      return parent.splice(i, 1)[0];
    }
    if (!Object.prototype.hasOwnProperty.call(parent, last)) throw new Error(`remove operation does not apply: doc is missing path: "${path}"`);
    const v = parent[last];
    delete parent[last];
    return v;
  };
  for (const op of ops) {
    switch (op.op) {
      case 'add': add(op.path, structuredClone(op.value)); break;
      case 'remove': remove(op.path); break;
      case 'replace': {
        const tokens = parse(op.path);
        if (tokens.length && get(tokens) === undefined) throw new Error(`replace operation does not apply: doc is missing key: ${op.path}`);
        if (!tokens.length) root = structuredClone(op.value);
        else {
          const parent = parentOf(tokens, op.path);
          parent[Array.isArray(parent) ? Number(tokens.at(-1)) : tokens.at(-1)] = structuredClone(op.value);
        }
        break;
      }
      case 'move': { const v = remove(op.from); add(op.path, v); break; }
      case 'copy': {
        const v = get(parse(op.from));
        if (v === undefined) throw new Error(`copy operation does not apply: doc is missing from path: ${op.from}`);
        add(op.path, structuredClone(v));
        break;
      }
      case 'test':
        if (!deepEqual(get(parse(op.path)), op.value)) throw new Error(`testing value ${op.path} failed: test failed`);
        break;
      default: throw new Error(`Unexpected kind: ${op.op}`);
    }
  }
  return root;
}

// Strategic merge patch: lists of these fields merge by key (patchMergeKey in the API types);
// `finalizers` merges as a set of strings; every other list is replaced. This covers the
// fields kubectl apply/label/patch touch on the storage kinds and pods; it is not the whole
// upstream algorithm ($setElementOrder is ignored, for instance).
const SMP_MERGE_KEYS = {
  containers: 'name', initContainers: 'name', ephemeralContainers: 'name', volumes: 'name', env: 'name',
  volumeMounts: 'mountPath', volumeDevices: 'devicePath', imagePullSecrets: 'name', hostAliases: 'ip',
  conditions: 'type', ownerReferences: 'uid', resourceClaims: 'name', topologySpreadConstraints: 'topologyKey',
  addresses: 'type', taints: 'key',
};
const SMP_PRIMITIVE_MERGE = new Set(['finalizers']);

export function strategicMergePatch(target, patch) {
  if (!isObj(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') { const p = structuredClone(patch); delete p.$patch; return p; }
  if (patch.$patch === 'delete') return undefined;
  const out = isObj(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k.startsWith('$setElementOrder/')) continue;
    if (k === '$retainKeys') continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const f = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[f])) out[f] = out[f].filter((x) => !v.includes(x));
      continue;
    }
    if (v === null) { delete out[k]; continue; }
    if (Array.isArray(v)) {
      out[k] = mergeList(k, out[k], v);
      continue;
    }
    const merged = strategicMergePatch(out[k], v);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  if (Array.isArray(patch.$retainKeys)) {
    for (const k of Object.keys(out)) if (!patch.$retainKeys.includes(k)) delete out[k];
  }
  return out;
}

function mergeList(field, current, patchList) {
  if (patchList.some((e) => isObj(e) && e.$patch === 'replace')) {
    return structuredClone(patchList.filter((e) => !(isObj(e) && e.$patch === 'replace')));
  }
  if (SMP_PRIMITIVE_MERGE.has(field)) {
    const out = Array.isArray(current) ? [...current] : [];
    for (const x of patchList) if (!out.includes(x)) out.push(x);
    return out;
  }
  let key = SMP_MERGE_KEYS[field];
  if (field === 'ports') key = patchList.some((e) => isObj(e) && 'containerPort' in e) ? 'containerPort' : 'port';
  if (!key || !Array.isArray(current) || !patchList.every(isObj)) return structuredClone(patchList);
  const out = structuredClone(current);
  for (const e of patchList) {
    const i = out.findIndex((c) => isObj(c) && c[key] === e[key]);
    if (e.$patch === 'delete') { if (i >= 0) out.splice(i, 1); continue; }
    if (i >= 0) out[i] = strategicMergePatch(out[i], e);
    else { const n = structuredClone(e); delete n.$patch; out.push(n); }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The store.

/** A deterministic UUID (RFC 4122 layout, version 5 bits) from a string. */
export function uuidFrom(text) {
  const h = crypto.createHash('sha1').update(text).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

const DEFAULT_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** Reads a `kind: List` (or `*List`) JSON file, or a bare JSON array, into an array of objects. */
export function loadObjects(file) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  return Array.isArray(data) ? data : data.items || [];
}

class Store {
  constructor(objects, now) {
    this.now = now; // () => scenario time in ms
    this.rv = 1000;
    this.map = new Map(); // key -> object
    // Resource versions go on from the highest one given, as etcd's revision would.
    for (const o of objects || []) this.rv = Math.max(this.rv, Number(o.metadata?.resourceVersion) || 0);
    for (const o of objects || []) this.load(o);
    // Namespaces every cluster has, and every namespace an object sits in.
    const nsRes = resourceFor('', 'v1', 'namespaces');
    const names = new Set(DEFAULT_NAMESPACES);
    for (const [, o] of this.map) if (o.metadata.namespace) names.add(o.metadata.namespace);
    for (const ns of [...names].sort()) {
      if (this.get(nsRes, '', ns)) continue;
      this.load({
        apiVersion: 'v1', kind: 'Namespace',
        metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } },
        spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
      });
    }
  }

  key(r, ns, name) { return `${r.group}/${r.name}/${r.namespaced ? ns : ''}/${name}`; }

  nextRV() { return String(++this.rv); }

  load(o) {
    const r = resourceForKind(o.apiVersion, o.kind);
    if (!r) throw new Error(`fake-apiserver: no resource serves ${o.apiVersion} ${o.kind} (${o.metadata?.name})`);
    const obj = structuredClone(o);
    obj.metadata ||= {};
    if (r.namespaced) obj.metadata.namespace ||= 'default';
    else delete obj.metadata.namespace;
    const ns = obj.metadata.namespace || '';
    obj.metadata.uid ||= uuidFrom(`${r.group}/${r.name}/${ns}/${obj.metadata.name}`);
    obj.metadata.resourceVersion ||= this.nextRV();
    obj.metadata.creationTimestamp ||= isoSeconds(this.now());
    this.map.set(this.key(r, ns, obj.metadata.name), obj);
  }

  get(r, ns, name) { return this.map.get(this.key(r, ns, name)); }

  put(r, obj) { this.map.set(this.key(r, obj.metadata.namespace || '', obj.metadata.name), obj); }

  remove(r, ns, name) { this.map.delete(this.key(r, ns, name)); }

  /** Objects of a resource, in the order of their etcd keys (namespace, then name). */
  list(r, ns) {
    const prefix = `${r.group}/${r.name}/`;
    const items = [];
    for (const [k, o] of this.map) {
      if (!k.startsWith(prefix)) continue;
      if (r.namespaced && ns && o.metadata.namespace !== ns) continue;
      items.push(o);
    }
    const sortKey = (o) => `${o.metadata.namespace || ''}/${o.metadata.name}`;
    return items.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  }
}

// ---------------------------------------------------------------------------------------
// The server.

/**
 * Starts a fake API server on 127.0.0.1.
 * @param {object} opts
 * @param {object[]} [opts.objects] the objects to serve (each with apiVersion and kind)
 * @param {string} [opts.now] scenario "now" (RFC 3339); objects the server stamps get it. Default: the wall clock.
 * @param {{major:string, minor:string, gitVersion:string}} [opts.version] what /version answers (default 1.32.4)
 * @param {number} [opts.port] default 0 (a free port)
 * @param {boolean} [opts.emulateProtection] default true: see protectionFinalizersDone
 * @param {(entry: object) => void} [opts.onRequest] called with every request's log entry
 */
export async function startFakeApiServer(opts = {}) {
  const fixedNow = opts.now ? Date.parse(opts.now) : null;
  if (opts.now && Number.isNaN(fixedNow)) throw new Error(`bad --now: ${opts.now}`);
  const nowMs = () => (fixedNow ?? Math.floor(Date.now() / 1000) * 1000);
  const version = opts.version || {
    major: '1', minor: '32', gitVersion: 'v1.32.4', gitCommit: '', gitTreeState: 'clean',
    buildDate: '2025-04-22T00:00:00Z', goVersion: 'go1.23.8', compiler: 'gc', platform: 'linux/amd64',
  };
  const emulateProtection = opts.emulateProtection ?? true;
  const state = {
    store: new Store(opts.objects || [], nowMs),
    shift: 0,
    requests: [],
  };

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let code = 500;
      let payload;
      try {
        [code, payload] = handle(req, body);
      } catch (e) {
        [code, payload] = [500, status(500, 'InternalError', `fake-apiserver: ${e.stack || e}`)];
      }
      const entry = {
        method: req.method, url: req.url, accept: req.headers.accept || '', contentType: req.headers['content-type'] || '',
        userAgent: req.headers['user-agent'] || '', body: body || undefined, code,
      };
      state.requests.push(entry);
      opts.onRequest?.(entry);
      if (payload === QUIET_WATCH) {
        // A watch on a cluster where nothing happens: the stream opens and stays silent until
        // its timeoutSeconds (or the server stops), as a real watch does when no object changes.
        res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
        res.flushHeaders();
        const seconds = Number(new URL(req.url, 'http://x').searchParams.get('timeoutSeconds') || 0);
        if (seconds > 0) {
          const timer = setTimeout(() => res.end(), seconds * 1000);
          res.on('close', () => clearTimeout(timer));
        }
        return;
      }
      const text = JSON.stringify(shiftTimes(payload, state.shift));
      res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
      res.end(text);
    });
  });

  function handle(req, rawBody) {
    const url = new URL(req.url, 'http://x');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const q = url.searchParams;

    // Discovery and version.
    if (path === '/version') return [200, version];
    if (path === '/api') return [200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] }];
    if (path === '/apis') return [200, apiGroupList()];
    if (path === '/api/v1') return [200, resourceList('', 'v1')];
    const gm = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    if (gm && GROUPS.includes(gm[1])) {
      if (!gm[2]) return [200, apiGroup(gm[1])];
      if (gm[2] === 'v1') return [200, resourceList(gm[1], 'v1')];
    }
    // OpenAPI v3, only as far as kubectl reads it: which kinds' PATCH takes the
    // fieldValidation query parameter (so create/apply leave validation to the server instead
    // of failing to download a schema). No schemas: kubectl apply then computes strategic
    // merge patches from its built-in types, as it does for these kinds anyway.
    if (path === '/openapi/v3') return [200, openapiV3Index()];
    const om = /^\/openapi\/v3\/(api\/v1|apis\/[^/]+\/v1)$/.exec(path);
    if (om) return [200, openapiV3Doc(om[1])];
    if (path.startsWith('/openapi/')) return [404, noSuchPath()];

    // Resources: /api/v1/... or /apis/<group>/<version>/...
    let group;
    let ver;
    let rest;
    let m;
    if ((m = /^\/api\/(v1)\/(.+)$/.exec(path))) [group, ver, rest] = ['', m[1], m[2]];
    else if ((m = /^\/apis\/([^/]+)\/([^/]+)\/(.+)$/.exec(path))) [group, ver, rest] = [m[1], m[2], m[3]];
    else return [404, noSuchPath()];
    const parts = rest.split('/').map(decodeURIComponent);
    let ns = '';
    if (parts[0] === 'namespaces' && parts.length >= 3) { ns = parts[1]; parts.splice(0, 2); }
    const [plural, name, sub] = parts;
    if (parts.length > 3) return [404, noSuchPath()];
    const r = resourceFor(group, ver, plural);
    if (!r) {
      // /api/v1/namespaces/<name>/<sub> was split above as a namespace prefix.
      if (group === '' && ns && parts.length <= 1 && (plural === undefined || ['status', 'finalize'].includes(plural))) {
        return serveObject(req, q, rawBody, resourceFor('', 'v1', 'namespaces'), '', ns, plural);
      }
      return [404, noSuchPath()];
    }
    if (r.namespaced === false && ns) return [404, noSuchPath()];
    if (!name) return serveCollection(req, q, rawBody, r, ns);
    if (sub && !(r.subresources || []).some((s) => s.name === sub)) return [404, noSuchPath()];
    return serveObject(req, q, rawBody, r, ns, name, sub);
  }

  function apiGroup(g) {
    return { name: g, versions: [{ groupVersion: `${g}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${g}/v1`, version: 'v1' } };
  }
  function apiGroupList() {
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: GROUPS.map(apiGroup) };
  }
  function resourceList(g, v) {
    const resources = [];
    for (const r of RESOURCES.filter((x) => x.group === g && x.version === v)) {
      const e = { name: r.name, singularName: r.singularName, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
      if (r.shortNames) e.shortNames = r.shortNames;
      if (r.categories) e.categories = r.categories;
      resources.push(e);
      for (const s of r.subresources || []) {
        const se = { name: `${r.name}/${s.name}`, singularName: '', namespaced: r.namespaced };
        if (s.group) { se.group = s.group; se.version = s.version; }
        se.kind = s.kind;
        se.verbs = s.verbs;
        resources.push(se);
      }
    }
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: g ? `${g}/${v}` : v, resources };
  }

  function openapiV3Index() {
    const paths = { 'api/v1': { serverRelativeURL: '/openapi/v3/api/v1?hash=0' } };
    for (const g of GROUPS) paths[`apis/${g}/v1`] = { serverRelativeURL: `/openapi/v3/apis/${g}/v1?hash=0` };
    return { paths };
  }
  function openapiV3Doc(gvPath) {
    const [g, v] = gvPath === 'api/v1' ? ['', 'v1'] : gvPath.split('/').slice(1);
    const paths = {};
    for (const r of RESOURCES.filter((x) => x.group === g && x.version === v && x.verbs.includes('patch'))) {
      const item = `/${gvPath}/${r.namespaced ? 'namespaces/{namespace}/' : ''}${r.name}/{name}`;
      paths[item] = {
        patch: {
          'x-kubernetes-action': 'patch',
          'x-kubernetes-group-version-kind': { group: g, version: v, kind: r.kind },
          parameters: [
            { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
            { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
          ],
        },
      };
    }
    return { openapi: '3.0.0', info: { title: 'Kubernetes', version: version.gitVersion }, paths };
  }

  function parseBody(raw, contentType) {
    if (!raw) return undefined;
    if (contentType && !/json/.test(contentType)) {
      const e = new Error('unsupported');
      e.status = unsupportedMedia(contentType);
      throw e;
    }
    // Bodies carry times as kubectl saw them: move them back to scenario time.
    return shiftTimes(JSON.parse(raw), -state.shift);
  }

  function listOf(r, items, extra = {}) {
    return {
      kind: `${r.kind}List`, apiVersion: gvOf(r),
      metadata: { resourceVersion: String(state.store.rv), ...extra },
      items: items.map((o) => { const c = structuredClone(o); delete c.apiVersion; delete c.kind; return c; }),
    };
  }

  function serveCollection(req, q, rawBody, r, ns) {
    const store = state.store;
    if (req.method === 'GET') {
      if (q.get('watch') === 'true' || q.get('watch') === '1') return [200, QUIET_WATCH];
      let fsel;
      try { fsel = parseFieldSelector(q.get('fieldSelector') || ''); } catch (e) { return [400, badRequest(e.message)]; }
      const lsel = parseLabelSelector(q.get('labelSelector') || '');
      let items = store.list(r, ns).filter((o) => matchesLabels(o.metadata.labels, lsel) && matchesFields(o, fsel));
      const limit = Number(q.get('limit') || 0);
      const start = q.get('continue') ? Number(Buffer.from(q.get('continue'), 'base64').toString('utf8')) : 0;
      items = items.slice(start);
      const extra = {};
      if (limit > 0 && items.length > limit) {
        items = items.slice(0, limit);
        extra.continue = Buffer.from(String(start + limit)).toString('base64');
      }
      return [200, listOf(r, items, extra)];
    }
    if (req.method === 'POST') {
      let obj;
      try { obj = parseBody(rawBody, req.headers['content-type']); } catch (e) { return e.status ? [415, e.status] : [400, badRequest(`fake-apiserver: ${e.message}`)]; }
      if (!isObj(obj)) return [400, badRequest('fake-apiserver: empty body')];
      obj.metadata ||= {};
      if (!obj.metadata.name && obj.metadata.generateName) {
        obj.metadata.name = obj.metadata.generateName + uuidFrom(`${r.name}/${ns}/${store.rv}`).slice(0, 5);
      }
      const name = obj.metadata.name;
      if (!name) return [422, invalid(r, '', `${r.kind} "" is invalid: metadata.name: Required value: name or generateName is required`)];
      if (r.namespaced) {
        if (obj.metadata.namespace && obj.metadata.namespace !== ns) {
          return [400, badRequest('the namespace of the provided object does not match the namespace sent on the request')];
        }
        if (!store.get(resourceFor('', 'v1', 'namespaces'), '', ns)) {
          return [404, notFound(resourceFor('', 'v1', 'namespaces'), ns)];
        }
        obj.metadata.namespace = ns;
      }
      if (store.get(r, ns, name)) return [409, alreadyExists(r, name)];
      obj.apiVersion = gvOf(r);
      obj.kind = r.kind;
      obj.metadata.uid = uuidFrom(`${r.group}/${r.name}/${ns}/${name}#${store.rv}`);
      obj.metadata.resourceVersion = store.nextRV();
      obj.metadata.creationTimestamp = isoSeconds(nowMs());
      if (r.group === 'apps') obj.metadata.generation = 1;
      delete obj.metadata.deletionTimestamp;
      if (!isDryRun(q)) store.put(r, obj);
      return [201, obj];
    }
    if (req.method === 'DELETE') return [405, methodNotAllowed()];
    return [405, methodNotAllowed()];
  }

  const isDryRun = (q) => q.getAll('dryRun').includes('All');

  function serveObject(req, q, rawBody, r, ns, name, sub) {
    const store = state.store;
    const current = store.get(r, ns, name);
    if (req.method === 'GET') {
      if (q.get('watch') === 'true' || q.get('watch') === '1') return [200, QUIET_WATCH];
      if (!current) return [404, notFound(r, name)];
      if (sub === 'scale') return [200, scaleOf(current)];
      return [200, current];
    }
    if (!current) return [404, notFound(r, name)];
    if (req.method === 'DELETE') {
      if (sub) return [405, methodNotAllowed()];
      let opts = {};
      try { opts = parseBody(rawBody, req.headers['content-type']) || {}; } catch { /* no options */ }
      if (opts.preconditions?.uid && opts.preconditions.uid !== current.metadata.uid) {
        return [409, conflict(r, name)];
      }
      if (isDryRun(q) || (opts.dryRun || []).includes('All')) return [200, current];
      const obj = structuredClone(current);
      if (emulateProtection) protectionFinalizersDone(r, obj);
      if ((obj.metadata.finalizers || []).length === 0) {
        store.remove(r, ns, name);
        return [200, obj];
      }
      if (!obj.metadata.deletionTimestamp) {
        obj.metadata.deletionTimestamp = isoSeconds(nowMs());
        obj.metadata.deletionGracePeriodSeconds = 0;
        obj.metadata.resourceVersion = store.nextRV();
      }
      store.put(r, obj);
      return [200, obj];
    }
    if (req.method === 'PUT' || req.method === 'PATCH') {
      if (req.method === 'PATCH') {
        // The API server decodes the patch before anything else, and says why it cannot.
        const type = (req.headers['content-type'] || '').split(';')[0].trim();
        const goErr = type === 'application/strategic-merge-patch+json' ? goUnmarshalError(rawBody, 'map')
          : type === 'application/merge-patch+json' ? goUnmarshalError(rawBody, 'map')
            : type === 'application/json-patch+json' ? goUnmarshalError(rawBody, 'jsonPatchOps') : null;
        if (goErr) return [400, badRequest(type === 'application/strategic-merge-patch+json' ? goErr : `error decoding patch: ${goErr}`)];
      }
      let body;
      try { body = parseBody(rawBody, req.method === 'PUT' ? 'application/json' : req.headers['content-type']); } catch (e) {
        return e.status ? [415, e.status] : [400, badRequest(`fake-apiserver: ${e.message}`)];
      }
      const base = sub === 'scale' ? scaleOf(current) : current;
      let next;
      if (req.method === 'PUT') {
        if (!isObj(body)) return [400, badRequest('fake-apiserver: empty body')];
        if (body.metadata?.resourceVersion && body.metadata.resourceVersion !== base.metadata.resourceVersion) {
          return [409, conflict(r, name)];
        }
        next = body;
      } else {
        const type = (req.headers['content-type'] || '').split(';')[0].trim();
        try {
          if (type === 'application/json-patch+json') next = jsonPatch(base, body);
          else if (type === 'application/merge-patch+json') next = mergePatch(base, body);
          else if (type === 'application/strategic-merge-patch+json') next = strategicMergePatch(base, body);
          else return [415, unsupportedMedia(type)];
        } catch (e) {
          return [422, invalid(r, name, e.message)];
        }
      }
      let updated;
      if (sub === 'scale') {
        updated = structuredClone(current);
        updated.spec ||= {};
        updated.spec.replicas = next?.spec?.replicas ?? 0;
      } else if (sub === 'status') {
        updated = structuredClone(current);
        if (next?.status === undefined) delete updated.status;
        else updated.status = next.status;
      } else {
        updated = isObj(next) ? next : {};
        updated.metadata = isObj(updated.metadata) ? updated.metadata : {};
        // What the API server keeps whatever the request says.
        for (const k of ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation']) {
          if (current.metadata[k] === undefined) delete updated.metadata[k];
          else updated.metadata[k] = current.metadata[k];
        }
        updated.apiVersion = current.apiVersion;
        updated.kind = current.kind;
        // The status subresource owns status: the main resource keeps the current one.
        if (r.statusSubresource) {
          if (current.status === undefined) delete updated.status;
          else updated.status = structuredClone(current.status);
        }
      }
      updated.metadata.resourceVersion = current.metadata.resourceVersion;
      if (deepEqual(updated, current)) return [200, sub === 'scale' ? scaleOf(current) : current];
      updated.metadata.resourceVersion = store.nextRV();
      if (r.group === 'apps' && !deepEqual(updated.spec, current.spec) && current.metadata.generation !== undefined) {
        updated.metadata.generation = current.metadata.generation + 1;
      }
      if (current.metadata.deletionTimestamp && (updated.metadata.finalizers || []).length === 0) {
        if (!isDryRun(q)) store.remove(r, ns, name);
        return [200, updated];
      }
      if (!isDryRun(q)) store.put(r, updated);
      return [200, sub === 'scale' ? scaleOf(updated) : updated];
    }
    if (req.method === 'POST') return [405, methodNotAllowed()];
    return [405, methodNotAllowed()];
  }

  function scaleOf(o) {
    const m = o.spec?.selector?.matchLabels || {};
    const selector = Object.keys(m).sort().map((k) => `${k}=${m[k]}`).join(',');
    return {
      kind: 'Scale', apiVersion: 'autoscaling/v1',
      metadata: { name: o.metadata.name, namespace: o.metadata.namespace, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion, creationTimestamp: o.metadata.creationTimestamp },
      spec: { replicas: o.spec?.replicas ?? 0 },
      status: { replicas: o.status?.replicas ?? 0, selector },
    };
  }

  // The two protection controllers act within a moment of a delete in a real cluster; here
  // they act at once: a claim no pod uses loses kubernetes.io/pvc-protection, a volume that
  // is not Bound loses kubernetes.io/pv-protection. Other finalizers stay, and the object
  // stays Terminating (kubectl delete then waits; this server refuses watches, see README).
  function protectionFinalizersDone(r, obj) {
    const fin = obj.metadata.finalizers;
    if (!fin) return;
    let drop = null;
    if (r.name === 'persistentvolumeclaims') {
      const pods = state.store.list(resourceFor('', 'v1', 'pods'), obj.metadata.namespace);
      const used = pods.some((p) => !['Succeeded', 'Failed'].includes(p.status?.phase)
        && (p.spec?.volumes || []).some((v) => v.persistentVolumeClaim?.claimName === obj.metadata.name));
      if (!used) drop = 'kubernetes.io/pvc-protection';
    } else if (r.name === 'persistentvolumes' && obj.status?.phase !== 'Bound') {
      drop = 'kubernetes.io/pv-protection';
    }
    if (drop) {
      obj.metadata.finalizers = fin.filter((f) => f !== drop);
      if (obj.metadata.finalizers.length === 0) delete obj.metadata.finalizers;
    }
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port || 0, '127.0.0.1', resolve);
  });
  const port = server.address().port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    /** Every request so far: method, url, accept, contentType, userAgent, body, code. */
    get requests() { return state.requests; },
    /** The served objects, in scenario time. */
    get objects() { return [...state.store.map.values()]; },
    /** Moves every served timestamp by `ms` (whole seconds). */
    setTimeShift(ms) {
      if (ms % 1000 !== 0) throw new Error('time shift must be whole seconds');
      state.shift = ms;
    },
    get timeShift() { return state.shift; },
    /** Starts over with these objects (default: the ones given at start) and an empty request log. */
    reset(objects = opts.objects || []) {
      state.store = new Store(objects, nowMs);
      state.requests = [];
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------
// As a program.

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const file = opt('--objects');
  const srv = await startFakeApiServer({
    objects: file ? loadObjects(file) : [],
    now: opt('--now'),
    port: Number(opt('--port') || 0),
    onRequest: args.includes('--verbose') ? (e) => process.stderr.write(`${e.code} ${e.method} ${e.url}\n`) : undefined,
  });
  process.stdout.write(`${srv.url}\n`);
  const stop = async () => { await srv.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Validates what FluxOps sent and what the fake answered against the provider's published description: GitHub's
// official OpenAPI 3.0 description (@octokit/openapi) or Azure DevOps' Git 7.1 Swagger 2.0 description with its recorded
// examples. For each exchange it reports the operation it matched and every problem found; the xunit test asserts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { plan } from './witness-common.mjs';

const strip = (text) => text.replace(/^\uFEFF/, '');
const spec = JSON.parse(strip(readFileSync(plan.description, 'utf8')));
const swagger = spec.swagger === '2.0';
// Azure DevOps' description types the generic item of a change (GitChange.item) as a string; the service, its own
// recorded examples and every client send and receive an object ({ path, ... }). The examples are the real traffic.
for (const [name, definition] of Object.entries(spec.definitions ?? {})) {
  if (/Change$/.test(name) && definition.properties?.item?.type === 'string') definition.properties.item = { type: 'object' };
}
// OpenAPI 3.0's "nullable" is not JSON Schema: turn it into the null type (or an anyOf with null) before validating.
(function nullable(node) {
  if (Array.isArray(node)) return node.forEach(nullable);
  if (!node || typeof node !== 'object') return;
  Object.values(node).forEach(nullable);
  if (node.nullable !== true) return;
  delete node.nullable;
  if (typeof node.type === 'string') {
    node.type = [node.type, 'null'];
    if (Array.isArray(node.enum)) node.enum.push(null);
  } else {
    const inner = { ...node };
    Object.keys(node).forEach((k) => delete node[k]);
    node.anyOf = [inner, { type: 'null' }];
  }
})(spec);
const ajv = swagger ? new Ajv04({ strict: false, allErrors: true, validateSchema: false }) : new Ajv({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
ajv.addSchema(spec, 'spec');
const pointer = (tokens) => tokens.map((t) => encodeURIComponent(String(t).replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
const resolve = (node) => {
  let current = node;
  while (current && current.$ref) current = current.$ref.slice(2).split('/').reduce((n, t) => n[t.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  return current;
};
const validate = (tokens, value) => {
  const check = ajv.getSchema(`spec#/${pointer(tokens)}`);
  return check(value) ? [] : check.errors.slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
};

// Azure DevOps keeps second operations on the same path under x-ms-paths with a query suffix ("/commits?").
const templates = ['paths', 'x-ms-paths'].flatMap((root) => Object.keys(spec[root] ?? {}).map((key) => {
  const template = key.split('?')[0];
  return {
    root,
    key,
    template,
    literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
    pattern: new RegExp('^' + template.split('/').map((s, i, all) => (s.startsWith('{') ? (i === all.length - 1 ? '(.+)' : '([^/]+)') : s.replace(/[.$]/g, '\\$&'))).join('/') + '$', 'i'),
  };
}));

// Azure DevOps: the recorded examples of an operation (x-ms-examples), their statuses, parameters and bodies.
// Folder names differ in case between the references and the repository ("Commits" vs "commits"); only the
// example folders of the operations FluxOps uses are vendored, so an example that is not there is not used.
const folders = plan.examples ? new Map(readdirSync(plan.examples).map((f) => [f.toLowerCase(), f])) : new Map();
const examplesOf = (operation) => Object.values(operation['x-ms-examples'] ?? {}).flatMap((e) => {
  const [folder, file] = e.$ref.replace(/^\.\/httpExamples\//, '').split('/');
  const path = folders.has(folder.toLowerCase()) ? join(plan.examples, folders.get(folder.toLowerCase()), file) : null;
  return path && existsSync(path) ? [JSON.parse(strip(readFileSync(path, 'utf8')))] : [];
});

// The fake's answer has only fields the recorded answer has, with the same JSON types (arrays: any recorded element).
const typeOf = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
function shapeProblems(actual, recorded, path) {
  if (recorded === undefined) return [`${path} is not in the recorded response`];
  if (typeOf(actual) !== typeOf(recorded) && typeOf(recorded) !== 'null') return [`${path} is ${typeOf(actual)}, recorded ${typeOf(recorded)}`];
  if (typeOf(actual) === 'array') {
    return actual.flatMap((item, i) => {
      const candidates = recorded.map((r) => shapeProblems(item, r, `${path}[${i}]`));
      return candidates.length === 0 ? [] : candidates.reduce((a, b) => (a.length <= b.length ? a : b));
    });
  }
  if (typeOf(actual) === 'object' && typeOf(recorded) === 'object') {
    return Object.keys(actual).flatMap((k) => shapeProblems(actual[k], recorded[k], `${path}.${k}`));
  }
  return [];
}

const exchanges = JSON.parse(readFileSync(plan.exchanges, 'utf8'));
// Every candidate operation for the path and method is judged; the one with the fewest problems is the match.
const report = exchanges.map((exchange) => {
  const path = exchange.path.slice(plan.prefix.length);
  const method = exchange.method.toLowerCase();
  const candidates = templates.filter((t) => t.pattern.test(path) && spec[t.root][t.key][method]);
  const best = Math.max(-1, ...candidates.map((t) => t.literals));
  const judged = candidates.filter((t) => t.literals === best).map((t) => judge(exchange, path, method, t));
  return judged.sort((a, b) => a.problems.length - b.problems.length)[0]
    ?? { method: exchange.method, path, status: exchange.status, operation: null, problems: ['no operation in the description'], shaped: false };
});
process.stdout.write(JSON.stringify(report));

function judge(exchange, path, method, match) {
  const result = { method: exchange.method, path, status: exchange.status, operation: match.key, problems: [], shaped: false };
  const where = [match.root, match.key, method];
  const operation = spec[match.root][match.key][method];
  const examples = swagger ? examplesOf(operation) : [];
  const documented = [...(spec[match.root][match.key].parameters ?? []), ...(operation.parameters ?? [])].map(resolve);
  const known = new Set([...documented.filter((p) => p.in === 'query').map((p) => p.name), ...examples.flatMap((e) => Object.keys(e.parameters ?? {})), 'api-version']);
  for (const name of new URLSearchParams(exchange.query).keys()) {
    if (!known.has(name)) result.problems.push(`query parameter ${name} is not documented`);
  }
  if (exchange.requestBody) {
    const body = JSON.parse(exchange.requestBody);
    const at = swagger ? operation.parameters.findIndex((p) => resolve(p).in === 'body') : -1;
    if (swagger && at >= 0) result.problems.push(...validate([...where, 'parameters', at, 'schema'], body));
    else if (!swagger && operation.requestBody) result.problems.push(...validate([...where, 'requestBody', 'content', 'application/json', 'schema'], body));
    else result.problems.push('a body was sent where none is documented');
  }
  const status = String(exchange.status);
  const recorded = examples.find((e) => e.responses?.[status]);
  const response = operation.responses[status] ? status : recorded && exchange.status < 300 ? Object.keys(operation.responses).find((s) => s.startsWith('2')) : null;
  if (!response && !operation.responses.default) {
    // Any operation may answer 401 (no or a bad token) and 404 (a repository that does not exist or is hidden from
    // the token), documented or not; Azure DevOps documents no error answer at all.
    const errorsDocumented = Object.keys(operation.responses).some((s) => s >= '400');
    if (exchange.status < 400 || (errorsDocumented && ![401, 404].includes(exchange.status))) result.problems.push(`status ${status} is not documented`);
    return result;
  }
  if (exchange.responseType.startsWith('application/json') && (exchange.status < 300 || !swagger)) {
    const body = JSON.parse(exchange.responseBody);
    if (swagger) {
      // A list is sent in the collection wrapper { count, value }; the description types the value.
      const schema = operation.responses[response].schema;
      const wrapped = schema?.type === 'array' && body && !Array.isArray(body) && Array.isArray(body.value);
      if (schema) result.problems.push(...validate([...where, 'responses', response, 'schema'], wrapped ? body.value : body));
      if (recorded) {
        result.shaped = true;
        result.problems.push(...shapeProblems(body, recorded.responses[status].body, '$'));
      }
    } else if (resolve(operation.responses[response])?.content?.['application/json']) {
      const ref = operation.responses[response].$ref;
      const tokens = ref ? [...ref.slice(2).split('/'), 'content', 'application/json', 'schema'] : [...where, 'responses', response, 'content', 'application/json', 'schema'];
      result.problems.push(...validate(tokens, body));
    }
  }
  return result;
}

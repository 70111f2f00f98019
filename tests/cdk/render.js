#!/usr/bin/env node
// Renders a CloudFormation template three ways, for parser-parity tests of ssm-preflight's
// CloudFormation front end:
//
//   <Stack>.template.json  a byte copy of the synthesized JSON;
//   <Stack>.long.yaml      YAML with long-form intrinsics ({Ref: X}, {Fn::GetAtt: [X, Attr]}),
//                          as `cdk synth` prints a template: the `yaml` package, YAML 1.1
//                          schema, no line folding, no tags;
//   <Stack>.short.yaml     YAML with CloudFormation's short-form tags: !Ref X, !GetAtt X.Attr,
//                          !Sub ..., !Join [..], !Select [..], !GetAZs '', !Base64 ..., !Not ...
//
// Every rendering is read back (the short form with the decoder below) and compared with the
// JSON; a difference is an error.
//
// Usage:
//   node render.js render OUTDIR TEMPLATE.json...   write the three renderings of each template
//   node render.js decode FILE.yaml...              print the template (JSON) that a YAML file
//                                                   means, short-form tags expanded; checks that
//                                                   hand-written short-form files parse
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const YAML = require('yaml');

// Intrinsic functions and condition functions that have a short form ("!Name"), and the rule
// functions of a template's Rules section. `Condition` (a condition reference) is read but never
// written in short form: a one-key mapping {"Condition": ...} is also a resource attribute.
const FUNCTIONS = [
  'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Length', 'Select',
  'Split', 'Sub', 'ToJsonString', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Contains',
  'EachMemberEquals', 'EachMemberIn', 'RefAll', 'ValueOf', 'ValueOfAll',
];
const TAGS = new Set(['!Ref', '!Condition', ...FUNCTIONS.map((name) => `!${name}`)]);

// The yaml package's custom tags: each name as a scalar, a sequence and a mapping. Parsing keeps
// the node (the decoder below reads node.tag); writing prints node.tag before the node.
const customTags = [...TAGS].flatMap((tag) => [
  { tag, resolve: (str) => str },
  { tag, collection: 'seq', resolve: (node) => node },
  { tag, collection: 'map', resolve: (node) => node },
]);

const YAML_OPTIONS = { schema: 'yaml-1.1', lineWidth: 0 };

// ---------------------------------------------------------------------------------------------
// JSON value -> short-form YAML nodes.

function intrinsicName(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  if (keys[0] === 'Ref') return 'Ref';
  if (keys[0].startsWith('Fn::') && FUNCTIONS.includes(keys[0].slice(4))) return keys[0].slice(4);
  return undefined;
}

function scalar(doc, value) {
  const node = doc.createNode(value);
  // `!GetAZs ''` as CloudFormation's documentation writes it.
  if (value === '') node.type = YAML.Scalar.QUOTE_SINGLE;
  return node;
}

// `plainOnly`: the node may not carry a tag itself (it is the argument of a tagged node: YAML
// allows one tag per node, so `!Base64 !Sub x` is not YAML; the inner function keeps its long
// form, `!Base64 {Fn::Sub: x}`, as CloudFormation's documentation advises).
function shortNode(doc, value, plainOnly = false) {
  if (Array.isArray(value)) {
    const seq = new YAML.YAMLSeq(doc.schema);
    seq.items = value.map((item) => shortNode(doc, item));
    return seq;
  }
  if (value !== null && typeof value === 'object') {
    const name = intrinsicName(value);
    if (name !== undefined && !plainOnly) {
      const arg = name === 'Ref' ? value.Ref : value[`Fn::${name}`];
      let node;
      if (
        name === 'GetAtt' && Array.isArray(arg) && arg.length === 2 &&
        typeof arg[0] === 'string' && typeof arg[1] === 'string'
      ) {
        node = scalar(doc, `${arg[0]}.${arg[1]}`); // !GetAtt Logical.Attribute
      } else {
        node = shortNode(doc, arg, true);
      }
      node.tag = `!${name}`;
      return node;
    }
    const map = new YAML.YAMLMap(doc.schema);
    for (const [key, item] of Object.entries(value)) {
      map.items.push(new YAML.Pair(scalar(doc, key), shortNode(doc, item)));
    }
    return map;
  }
  return scalar(doc, value);
}

function toShortYaml(template) {
  const doc = new YAML.Document(undefined, { ...YAML_OPTIONS, customTags });
  doc.contents = shortNode(doc, template);
  return doc.toString(YAML_OPTIONS);
}

function toLongYaml(template) {
  return YAML.stringify(template, YAML_OPTIONS);
}

// ---------------------------------------------------------------------------------------------
// YAML (short or long form) -> template.

function decodeNode(node) {
  if (node === null || node === undefined) return null;
  if (node.tag && TAGS.has(node.tag)) {
    const name = node.tag.slice(1);
    if (name === 'Ref' || name === 'Condition') return { [name]: plainValue(node) };
    if (name === 'GetAtt' && YAML.isScalar(node)) {
      const text = String(node.value);
      const dot = text.indexOf('.');
      if (dot <= 0 || dot === text.length - 1) throw new Error(`!GetAtt ${text}: expected Logical.Attribute`);
      return { 'Fn::GetAtt': [text.slice(0, dot), text.slice(dot + 1)] };
    }
    return { [`Fn::${name}`]: plainValue(node) };
  }
  if (node.tag && node.tag.startsWith('!') && !node.tag.startsWith('!!')) {
    throw new Error(`unknown tag ${node.tag}`);
  }
  return plainValue(node);
}

function plainValue(node) {
  if (YAML.isMap(node)) {
    const object = {};
    for (const pair of node.items) {
      const key = YAML.isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) throw new Error('a mapping key is not a scalar');
      if (Object.hasOwn(object, key)) throw new Error(`duplicate key ${key}`);
      object[key] = decodeNode(pair.value);
    }
    return object;
  }
  if (YAML.isSeq(node)) return node.items.map(decodeNode);
  if (YAML.isScalar(node)) return node.value;
  throw new Error(`unexpected YAML node ${node && node.constructor && node.constructor.name}`);
}

function decodeYaml(text, file) {
  const doc = YAML.parseDocument(text, { ...YAML_OPTIONS, customTags, uniqueKeys: true });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    throw new Error(`${file}: ${problems.map((p) => p.message).join('; ')}`);
  }
  return decodeNode(doc.contents);
}

// ---------------------------------------------------------------------------------------------

function render(outdir, templateFile) {
  const stack = path.basename(templateFile).replace(/\.template\.json$/, '');
  const text = fs.readFileSync(templateFile, 'utf8');
  const template = JSON.parse(text);
  const outputs = {
    [`${stack}.template.json`]: text,
    [`${stack}.long.yaml`]: toLongYaml(template),
    [`${stack}.short.yaml`]: toShortYaml(template),
  };
  for (const [name, content] of Object.entries(outputs)) {
    const back = name.endsWith('.json') ? JSON.parse(content) : decodeYaml(content, name);
    if (!util.isDeepStrictEqual(back, template)) {
      throw new Error(`${name} does not read back as ${templateFile}`);
    }
    if (name.endsWith('.long.yaml')) {
      YAML.visit(YAML.parseDocument(content, YAML_OPTIONS), (_key, node) => {
        if (node.tag) throw new Error(`${name} holds the tag ${node.tag}`);
      });
    }
    fs.writeFileSync(path.join(outdir, name), content);
  }
}

function main(argv) {
  const [command, ...args] = argv;
  if (command === 'render' && args.length >= 2) {
    const [outdir, ...templates] = args;
    fs.mkdirSync(outdir, { recursive: true });
    for (const template of templates) render(outdir, template);
    return 0;
  }
  if (command === 'decode' && args.length >= 1) {
    for (const file of args) {
      process.stdout.write(`${JSON.stringify(decodeYaml(fs.readFileSync(file, 'utf8'), file), undefined, 1)}\n`);
    }
    return 0;
  }
  process.stderr.write('usage: node render.js render OUTDIR TEMPLATE.json... | decode FILE.yaml...\n');
  return 2;
}

module.exports = { toLongYaml, toShortYaml, decodeYaml };

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`render.js: ${error.message}\n`);
    process.exitCode = 1;
  }
}

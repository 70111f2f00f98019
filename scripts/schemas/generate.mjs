#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
//
// Generates schemas/parameter-set/*.json: one JSON Schema (draft-07) per supported CloudFormation
// resource type, describing the resource as a parameter set writes it (the keyword arguments of
// the CDK *Python* L1 constructor), plus an umbrella schema for a whole parameter-set file and an
// index.
//
//   cd scripts/schemas && npm ci && node generate.mjs           # (re)write the files
//   node generate.mjs --check                                   # exit 1 if the files are stale
//
// Sources (all pinned in package.json):
//   - @aws-cdk/aws-service-spec: the database CDK generates its L1 classes from (properties,
//     types, required flags, allowed values, documentation, attributes).
//   - aws-cdk-lib's jsii assembly (.jsii): the camelCase names and types the L1 classes really
//     have. Every spec name is joined to its jsii name with spec2cdk's naming rule and the join is
//     checked both ways; any disagreement stops the generator.
//   - jsii-pacmak / codemaker: the Python name of a jsii name (toSnakeCase, then the Python
//     keyword escape that jsii-pacmak applies: `from` -> `from_`).
//   - rules/kinds.yaml: the group names of the umbrella schema.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const OUT_DIR = path.join(REPO, 'schemas', 'parameter-set');
const KINDS_FILE = path.join(REPO, 'rules', 'kinds.yaml');

const { loadAwsServiceSpec } = require('@aws-cdk/aws-service-spec');
const camelcase = require('camelcase');
const { toSnakeCase } = require('codemaker');
const { toPythonIdentifier } = require('jsii-pacmak/lib/targets/python/util.js');
const YAML = require('yaml');

// ------------------------------------------------------------------------------------------------
// What to generate (exactly these types).

const TYPES = [
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::EC2::RouteTable',
  'AWS::EC2::Route',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::VPCGatewayAttachment',
  'AWS::EC2::NatGateway',
  'AWS::EC2::EIP',
  'AWS::EC2::NetworkAcl',
  'AWS::EC2::NetworkAclEntry',
  'AWS::EC2::SubnetNetworkAclAssociation',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroupEgress',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::Instance',
  'AWS::EC2::LaunchTemplate',
  'AWS::IAM::Role',
  'AWS::IAM::InstanceProfile',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
];

// ------------------------------------------------------------------------------------------------
// Overlay: value constraints that CloudFormation's spec does not express but the service enforces.
// Target syntax: `<CloudFormation type>.<Property>` for a resource property, or
// `<CloudFormation type>#<StructName>.<Property>` for a property of one of the type's structs.
// Every target must exist (the generator fails otherwise, so spec drift is noticed). An `enum`
// here must equal the spec's allowedValues when the spec has them.

// Ports: -1 means "all" (all ICMP types/codes for ICMP rules); otherwise a 16-bit port number.
const PORT = { minimum: -1, maximum: 65535 };
// IP protocol of a security group rule: a name, -1 (all), or a protocol number 0-255 as a string.
// Case-insensitivity is spelled with character classes rather than `(?i)`: that form is the same
// in RE2 (the linter), ECMAScript (the YAML language server, ajv) and every other engine, whereas
// `(?i)`/`(?i:...)` is not valid JavaScript before V8 12.5 (Node 20/22 reject it).
const IP_PROTOCOL = {
  'x-expected': 'an IP protocol (tcp, udp, icmp, icmpv6, -1 for all, or a protocol number 0-255)',
  pattern:
    '^([Tt][Cc][Pp]|[Uu][Dd][Pp]|[Ii][Cc][Mm][Pp]|[Ii][Cc][Mm][Pp][Vv]6|-1|25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$',
};
const IPV4_CIDR = { format: 'ipv4-cidr' };
const IPV6_CIDR = { format: 'ipv6-cidr' };

const OVERLAY = [
  // Security group rules (inline structs and the standalone rule resources).
  ['AWS::EC2::SecurityGroup#Ingress.FromPort', PORT, 'EC2 accepts a port 0-65535, or -1 (all ICMP types)'],
  ['AWS::EC2::SecurityGroup#Ingress.ToPort', PORT, 'EC2 accepts a port 0-65535, or -1 (all ICMP codes)'],
  ['AWS::EC2::SecurityGroup#Egress.FromPort', PORT, 'EC2 accepts a port 0-65535, or -1 (all ICMP types)'],
  ['AWS::EC2::SecurityGroup#Egress.ToPort', PORT, 'EC2 accepts a port 0-65535, or -1 (all ICMP codes)'],
  ['AWS::EC2::SecurityGroupIngress.FromPort', PORT, 'EC2 accepts a port 0-65535, or -1 (all ICMP types)'],
  ['AWS::EC2::SecurityGroupIngress.ToPort', PORT, 'EC2 accepts a port 0-65535, or -1 (all ICMP codes)'],
  ['AWS::EC2::SecurityGroupEgress.FromPort', PORT, 'EC2 accepts a port 0-65535, or -1 (all ICMP types)'],
  ['AWS::EC2::SecurityGroupEgress.ToPort', PORT, 'EC2 accepts a port 0-65535, or -1 (all ICMP codes)'],
  ['AWS::EC2::SecurityGroup#Ingress.IpProtocol', IP_PROTOCOL, 'EC2 accepts tcp/udp/icmp/icmpv6, -1 or a protocol number 0-255'],
  ['AWS::EC2::SecurityGroup#Egress.IpProtocol', IP_PROTOCOL, 'EC2 accepts tcp/udp/icmp/icmpv6, -1 or a protocol number 0-255'],
  ['AWS::EC2::SecurityGroupIngress.IpProtocol', IP_PROTOCOL, 'EC2 accepts tcp/udp/icmp/icmpv6, -1 or a protocol number 0-255'],
  ['AWS::EC2::SecurityGroupEgress.IpProtocol', IP_PROTOCOL, 'EC2 accepts tcp/udp/icmp/icmpv6, -1 or a protocol number 0-255'],
  ['AWS::EC2::SecurityGroup#Ingress.CidrIp', IPV4_CIDR, 'EC2 rejects anything but an IPv4 CIDR here'],
  ['AWS::EC2::SecurityGroup#Egress.CidrIp', IPV4_CIDR, 'EC2 rejects anything but an IPv4 CIDR here'],
  ['AWS::EC2::SecurityGroupIngress.CidrIp', IPV4_CIDR, 'EC2 rejects anything but an IPv4 CIDR here'],
  ['AWS::EC2::SecurityGroupEgress.CidrIp', IPV4_CIDR, 'EC2 rejects anything but an IPv4 CIDR here'],
  ['AWS::EC2::SecurityGroup#Ingress.CidrIpv6', IPV6_CIDR, 'EC2 rejects anything but an IPv6 CIDR here'],
  ['AWS::EC2::SecurityGroup#Egress.CidrIpv6', IPV6_CIDR, 'EC2 rejects anything but an IPv6 CIDR here'],
  ['AWS::EC2::SecurityGroupIngress.CidrIpv6', IPV6_CIDR, 'EC2 rejects anything but an IPv6 CIDR here'],
  ['AWS::EC2::SecurityGroupEgress.CidrIpv6', IPV6_CIDR, 'EC2 rejects anything but an IPv6 CIDR here'],
  // Network ACL entries.
  ['AWS::EC2::NetworkAclEntry#PortRange.From', PORT, 'EC2 accepts a port 0-65535 (-1 tolerated as "all")'],
  ['AWS::EC2::NetworkAclEntry#PortRange.To', PORT, 'EC2 accepts a port 0-65535 (-1 tolerated as "all")'],
  ['AWS::EC2::NetworkAclEntry.Protocol', { minimum: -1, maximum: 255 }, 'EC2 accepts -1 (all) or an IANA protocol number 0-255'],
  ['AWS::EC2::NetworkAclEntry.RuleAction', { enum: ['allow', 'deny'] }, 'EC2 accepts only "allow" or "deny" (lower case)'],
  ['AWS::EC2::NetworkAclEntry.CidrBlock', IPV4_CIDR, 'EC2 rejects anything but an IPv4 CIDR here'],
  ['AWS::EC2::NetworkAclEntry.Ipv6CidrBlock', IPV6_CIDR, 'EC2 rejects anything but an IPv6 CIDR here'],
  // VPC, subnets, routes.
  ['AWS::EC2::VPC.CidrBlock', IPV4_CIDR, 'the VPC primary range must be an IPv4 CIDR'],
  ['AWS::EC2::Subnet.CidrBlock', IPV4_CIDR, 'the subnet range must be an IPv4 CIDR'],
  ['AWS::EC2::Subnet.Ipv6CidrBlock', IPV6_CIDR, 'the subnet IPv6 range must be an IPv6 CIDR'],
  ['AWS::EC2::Route.DestinationCidrBlock', IPV4_CIDR, 'EC2 rejects anything but an IPv4 CIDR here'],
  ['AWS::EC2::Route.DestinationIpv6CidrBlock', IPV6_CIDR, 'EC2 rejects anything but an IPv6 CIDR here'],
  // VPC endpoints.
  [
    'AWS::EC2::VPCEndpoint.VpcEndpointType',
    { enum: ['Interface', 'Gateway', 'GatewayLoadBalancer', 'ServiceNetwork', 'Resource', 'Tunnel'] },
    "the endpoint types the service accepts (equal to the spec's allowedValues, checked)",
  ],
];

// ------------------------------------------------------------------------------------------------
// Helpers.

class GenError extends Error {}
function fail(msg) {
  throw new GenError(msg);
}

function pkgVersion(name) {
  return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

// The name spec2cdk gives a CloudFormation property in TypeScript/jsii (aws-cdk
// tools/@aws-cdk/spec2cdk/lib/naming/conventions.ts, propertyNameFromCloudFormation). Only used
// to join spec names to jsii names; the join is verified against the assembly.
function jsiiNameFromCfn(name) {
  if (name === 'VPCs') return 'vpcs';
  if (name === 'GetObject') name = 'objectAccess';
  if (name === 'Equals') name = 'equalTo';
  const ret = camelcase(name);
  const suffixes = { ARNs: 'Arns', MBs: 'MBs', AZs: 'AZs' };
  for (const suffix of Object.keys(suffixes)) {
    if (name.endsWith(suffix)) return ret.slice(0, -suffix.length) + suffixes[suffix];
  }
  return ret;
}
// spec2cdk: attributePropertyName
function jsiiAttrNameFromCfn(attr) {
  return jsiiNameFromCfn(`attr${attr.replace(/[^a-zA-Z0-9]/g, '')}`);
}
// jsii-pacmak: the Python name of a jsii property / keyword argument.
function pythonName(jsiiName) {
  return toPythonIdentifier(toSnakeCase(jsiiName));
}

// First paragraph of the spec's markdown documentation, as plain text, at most `max` characters.
function plainText(markdown, max = 400) {
  if (!markdown) return undefined;
  let p = markdown.trim().split(/\n\s*\n/)[0];
  p = p
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links -> their text
    .replace(/`+([^`]*)`+/g, '$1') // code spans
    .replace(/\*\*([^*]+)\*\*/g, '$1') // bold
    .replace(/(^|[\s(])\*([^*\s][^*]*?)\*(?=[\s).,;:]|$)/g, '$1$2') // italics
    .replace(/^>\s*/gm, '') // block quotes
    .replace(/\s+/g, ' ')
    .replace(/\s+([,;:])(?=\s|$)/g, '$1') // "a , b" -> "a, b" (artefact of the doc import)
    .replace(/\s+\.(?=\s|$)/g, '.')
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    .trim();
  if (p.length > max) {
    const cut = p.lastIndexOf(' ', max - 1);
    p = `${p.slice(0, cut > max / 2 ? cut : max - 1).replace(/[\s,;:.]+$/, '')}…`;
  }
  return p;
}

// Key order of every schema object; keys not listed follow, alphabetically. Maps (properties,
// definitions) keep their own (sorted) order.
const KEY_ORDER = [
  '$schema', '$id', '$comment', 'title', 'description', 'x-cfn-type', 'x-cfn-name',
  'x-cdk-construct-id', 'x-cdk-passthrough', 'x-kinds-groups', 'type', 'format', 'pattern', 'x-expected', 'enum',
  'minimum', 'maximum', 'items', 'properties', 'additionalProperties', 'required', 'anyOf', '$ref',
  'x-cfn-attributes', 'x-cdk-attributes', 'definitions',
];
const MAP_KEYS = new Set(['properties', 'definitions']);
function canonical(node, isMap = false) {
  if (Array.isArray(node)) return node.map((n) => canonical(n));
  if (node === null || typeof node !== 'object') return node;
  const keys = Object.keys(node);
  if (!isMap) {
    const rank = (k) => {
      const i = KEY_ORDER.indexOf(k);
      return i < 0 ? KEY_ORDER.length : i;
    };
    keys.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  }
  const out = {};
  for (const k of keys) out[k] = canonical(node[k], !isMap && MAP_KEYS.has(k));
  return out;
}
function serialize(obj) {
  return `${JSON.stringify(canonical(obj), null, 2)}\n`;
}
// The spec lists union members in no fixed order (string|Json here, Json|string there).
function sortAlternatives(schemas) {
  const key = (x) => JSON.stringify(canonical(x));
  return schemas.slice().sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
function byKey(entries) {
  return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

// ------------------------------------------------------------------------------------------------
// The jsii assembly.

function loadAssembly() {
  const dir = path.dirname(require.resolve('aws-cdk-lib/package.json'));
  let file = path.join(dir, '.jsii');
  let asm = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (asm.schema === 'jsii/file-redirect') {
    file = path.join(dir, asm.filename);
    let buf = fs.readFileSync(file);
    if (asm.compression === 'gzip') buf = zlib.gunzipSync(buf);
    else if (asm.compression) fail(`unsupported .jsii compression ${asm.compression}`);
    asm = JSON.parse(buf.toString('utf8'));
  }
  if (asm.name !== 'aws-cdk-lib') fail(`unexpected assembly ${asm.name}`);
  return asm;
}

const RESOLVABLE = 'aws-cdk-lib.IResolvable';
// `aws-cdk-lib.interfaces.aws_ec2.IVPCRef` & co: construct references that newer L1s accept
// next to the plain string. A parameter set can only give the string (or a {{...}} reference that
// the framework substitutes), so they are dropped like IResolvable.
const isRefInterface = (fqn) => /^aws-cdk-lib\.interfaces\.[a-z0-9_]+\.I[A-Za-z0-9]+Ref$/.test(fqn);

// A jsii type reference without IResolvable and construct-reference alternatives.
function stripJsii(t) {
  if (t.union) {
    const alts = t.union.types.filter((x) => !(x.fqn && (x.fqn === RESOLVABLE || isRefInterface(x.fqn))));
    if (alts.length === 0) fail(`jsii union with nothing but tokens: ${JSON.stringify(t)}`);
    return alts.length === 1 ? stripJsii(alts[0]) : { union: { types: alts.map(stripJsii) } };
  }
  if (t.collection) {
    return { collection: { kind: t.collection.kind, elementtype: stripJsii(t.collection.elementtype) } };
  }
  return t;
}

// ------------------------------------------------------------------------------------------------
// Generation of one resource type.

function generateType(db, asm, cfnType, overlay, stats) {
  const res = db.lookup('resource', 'cloudFormationType', 'equals', cfnType).only();
  const submodule = `aws_${cfnType.split('::')[1].toLowerCase()}`;
  const classFqn = `aws-cdk-lib.${submodule}.Cfn${res.name}`;
  const jsiiClass = asm.types[classFqn] ?? fail(`${cfnType}: no jsii class ${classFqn}`);
  const jsiiProps = asm.types[`${classFqn}Props`] ?? fail(`${cfnType}: no jsii interface ${classFqn}Props`);

  const typeDefs = new Map(db.follow('usesType', res).map(({ entity }) => [entity.$id, entity]));
  const defByRef = (ref) => typeDefs.get(ref.reference.$ref) ?? db.get('typeDefinition', ref.reference.$ref);

  const definitions = new Map(); // name -> schema
  const defOwners = new Map(); // name -> `${$id}/${mode}`
  const usedOverlay = overlay.used;

  // Does the spec type `st` describe the jsii type `jt` (already stripped)?
  function compatible(st, jt) {
    switch (st.type) {
      case 'string':
        return jt.primitive === 'string';
      case 'integer':
      case 'number':
        return jt.primitive === 'number';
      case 'boolean':
        return jt.primitive === 'boolean';
      case 'date-time':
        return jt.primitive === 'date' || jt.primitive === 'string';
      case 'json':
        return jt.primitive === 'any' || jt.primitive === 'json';
      case 'tag':
        return jt.fqn === 'aws-cdk-lib.CfnTag';
      case 'ref':
        return jt.fqn === `${classFqn}.${defByRef(st).name}Property`;
      case 'array':
        return jt.collection?.kind === 'array' && compatible(st.element, jt.collection.elementtype);
      case 'map':
        return jt.collection?.kind === 'map' && compatible(st.element, jt.collection.elementtype);
      case 'union':
        return (
          !!jt.union &&
          st.types.every((s) => jt.union.types.some((j) => compatible(s, j))) &&
          jt.union.types.every((j) => st.types.some((s) => compatible(s, j)))
        );
      default:
        return false;
    }
  }

  // Schema of a spec type. mode 'python': structs use the Python names (the L1 converts them);
  // mode 'verbatim': the L1 passes the value to CloudFormation unchanged (jsii type `any`), so
  // structs use the CloudFormation names. `jt` is the stripped jsii type (python mode only).
  function typeSchema(st, jt, mode, where) {
    switch (st.type) {
      case 'string': {
        const s = { type: 'string' };
        if (st.allowedValues?.length) s.enum = [...st.allowedValues];
        return s;
      }
      case 'integer': {
        const s = { type: 'integer' };
        if (st.allowedValues?.length) s.enum = [...st.allowedValues];
        return s;
      }
      case 'number':
        return { type: 'number' };
      case 'boolean':
        return { type: 'boolean' };
      case 'date-time':
        return { type: 'string', format: 'date-time' };
      case 'null':
        return { type: 'null' };
      case 'json':
        return { type: 'object' };
      case 'tag':
        definitions.set('Tag', TAG_DEFINITION);
        return { $ref: '#/definitions/Tag' };
      case 'ref': {
        const def = defByRef(st);
        const name = def.name;
        if (name === 'Tag') fail(`${where}: a struct named Tag collides with the CfnTag definition`);
        const owner = `${def.$id}/${mode}`;
        if (defOwners.has(name) && defOwners.get(name) !== owner) {
          fail(`${where}: two definitions named ${name} (${defOwners.get(name)} and ${owner})`);
        }
        if (!defOwners.has(name)) {
          defOwners.set(name, owner);
          definitions.set(name, null); // reserve (recursive structs)
          const structFqn = `${classFqn}.${name}Property`;
          let jsiiStruct;
          if (mode === 'python') {
            jsiiStruct = asm.types[structFqn] ?? fail(`${where}: no jsii struct ${structFqn}`);
            if (!jsiiStruct.datatype) fail(`${where}: ${structFqn} is not a struct`);
          }
          const { properties, required } = objectSchema(def.properties, jsiiStruct, mode, `${cfnType}#${name}`, `${structFqn}`);
          const s = {
            description: plainText(def.documentation) ?? `The ${name} property type of ${cfnType}.`,
            'x-cfn-type': name,
            type: 'object',
            properties,
            additionalProperties: false,
            required,
          };
          if (mode === 'verbatim') s['x-cdk-passthrough'] = true;
          definitions.set(name, s);
        }
        return { $ref: `#/definitions/${name}` };
      }
      case 'array':
        return {
          type: 'array',
          items: typeSchema(st.element, jt?.collection.elementtype, mode, `${where}[]`),
        };
      case 'map':
        return {
          type: 'object',
          additionalProperties: typeSchema(st.element, jt?.collection.elementtype, mode, `${where}{}`),
        };
      case 'union': {
        const anyOf = st.types.map((alt) => {
          const j = jt && jt.union.types.find((x) => compatible(alt, x));
          return typeSchema(alt, j, mode, where);
        });
        return { anyOf: sortAlternatives(anyOf) };
      }
      default:
        return fail(`${where}: unsupported spec type ${JSON.stringify(st)}`);
    }
  }

  // Schema of one property, choosing among the spec's type history the type that the jsii
  // property really has (CDK keeps older types for backwards compatibility).
  function propertySchema(prop, jsiiProp, mode, where) {
    if (mode === 'verbatim') return { schema: typeSchema(prop.type, undefined, 'verbatim', where) };
    const jt = stripJsii(jsiiProp.type);
    if (jt.primitive === 'any' && prop.type.type !== 'json') {
      const isUnionWithJson = prop.type.type === 'union' && prop.type.types.some((t) => t.type === 'json');
      if (isUnionWithJson) {
        // e.g. IAM policy documents: string | Json; jsii widens to `any`.
        const anyOf = prop.type.types.map((t) => typeSchema(t, undefined, 'verbatim', where));
        return { schema: { anyOf: sortAlternatives(anyOf) } };
      }
      // A struct whose older type was Json: jsii widens it to `any` and the L1 hands the value to
      // CloudFormation unchanged, so its keys are the CloudFormation names.
      stats.passthrough.push(where);
      return { schema: typeSchema(prop.type, undefined, 'verbatim', where), passthrough: true };
    }
    const candidates = [prop.type, ...(prop.previousTypes ?? []).slice().reverse()];
    const chosen = candidates.find((c) => compatible(c, jt));
    if (!chosen) {
      fail(
        `${where}: spec type ${JSON.stringify(prop.type)} (history ${JSON.stringify(prop.previousTypes ?? [])}) ` +
          `does not match jsii type ${JSON.stringify(jsiiProp.type)}`,
      );
    }
    if (chosen !== prop.type) stats.history.push(`${where}: jsii keeps the older spec type ${JSON.stringify(chosen)} (current ${JSON.stringify(prop.type)})`);
    return { schema: typeSchema(chosen, jt, 'python', where) };
  }

  // Properties of a resource or struct. Returns { properties, required } keyed by Python name
  // (python mode) or CloudFormation name (verbatim mode).
  function objectSchema(specProps, jsiiType, mode, ownerKey, jsiiFqn) {
    const entries = [];
    const required = [];
    const jsiiByName = new Map((jsiiType?.properties ?? []).map((p) => [p.name, p]));
    const seenJsii = new Set();
    for (const [cfnName, prop] of Object.entries(specProps)) {
      const where = `${ownerKey}.${cfnName}`;
      if (prop.deprecated === 'IGNORE') fail(`${where}: spec marks the property IGNORE; decide how to treat it`);
      let key = cfnName;
      let jsiiProp;
      if (mode === 'python') {
        const jsiiName = jsiiNameFromCfn(cfnName);
        jsiiProp = jsiiByName.get(jsiiName);
        if (!jsiiProp) {
          const near = [...jsiiByName.keys()].filter((n) => n.toLowerCase() === cfnName.toLowerCase());
          fail(`${where}: no jsii property ${jsiiFqn}.${jsiiName}${near.length ? ` (case-insensitive match: ${near.join(', ')})` : ''}`);
        }
        seenJsii.add(jsiiName);
        key = pythonName(jsiiName);
        if (key !== toSnakeCase(cfnName)) stats.names.push(`${where}: ${jsiiName} -> ${key} (codemaker on the CloudFormation name: ${toSnakeCase(cfnName)})`);
        if (!!prop.required !== !jsiiProp.optional) {
          fail(`${where}: spec says required=${!!prop.required}, jsii says optional=${!!jsiiProp.optional}`);
        }
      }
      const { schema, passthrough } = propertySchema(prop, jsiiProp, mode, where);
      let description = plainText(prop.documentation) ?? plainText(jsiiProp?.docs?.summary);
      if (!description) {
        stats.undocumented.push(where);
        description = `${cfnName} (the CloudFormation spec has no description for it).`;
      }
      if (passthrough) {
        description = `${description} (The CDK L1 types this property as any and passes it to CloudFormation unchanged: write the CloudFormation key names.)`;
      }
      const out = { description, 'x-cfn-name': cfnName, ...schema };
      const ov = overlay.byTarget.get(where);
      if (ov) {
        if (ov.enum && schema.enum) {
          const a = [...ov.enum].sort().join('|');
          const b = [...schema.enum].sort().join('|');
          if (a !== b) fail(`${where}: overlay enum [${a}] differs from the spec's allowedValues [${b}]`);
        }
        Object.assign(out, ov.add);
        usedOverlay.add(where);
      }
      entries.push([key, out]);
      if (prop.required) required.push(key);
    }
    if (mode === 'python') {
      const extra = [...jsiiByName.keys()].filter((n) => !seenJsii.has(n));
      if (extra.length) fail(`${ownerKey}: jsii ${jsiiFqn} has properties the spec lacks: ${extra.join(', ')}`);
    }
    const keys = entries.map(([k]) => k);
    const dup = keys.find((k, i) => keys.indexOf(k) !== i);
    if (dup) fail(`${ownerKey}: two properties map to ${dup}`);
    return { properties: Object.fromEntries(byKey(entries)), required: required.sort() };
  }

  const { properties, required } = objectSchema(res.properties, jsiiProps, 'python', cfnType, `${classFqn}Props`);
  if (properties.id || properties.scope) fail(`${cfnType}: a property is named id/scope, which collides with the construct id key`);

  // Attributes: CloudFormation names and the Python L1 attribute names, both ways checked.
  const attrs = Object.keys(res.attributes).sort();
  const jsiiMembers = new Set((jsiiClass.properties ?? []).map((p) => p.name));
  const cdkAttrs = attrs.map((a) => {
    const j = jsiiAttrNameFromCfn(a);
    if (!jsiiMembers.has(j)) fail(`${cfnType}: attribute ${a}: no jsii member ${classFqn}.${j}`);
    return pythonName(j);
  });
  const expectedAttrMembers = new Set(attrs.map(jsiiAttrNameFromCfn));
  const extraAttrs = [...jsiiMembers].filter((m) => /^attr[A-Z]/.test(m) && !expectedAttrMembers.has(m));
  if (extraAttrs.length) fail(`${cfnType}: jsii ${classFqn} has attributes the spec lacks: ${extraAttrs.join(', ')}`);

  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: fileNameOf(cfnType),
    $comment: overlay.comment,
    title: cfnType,
    description: plainText(res.documentation) ?? `${cfnType} resource.`,
    'x-cfn-type': cfnType,
    type: 'object',
    properties: {
      id: {
        description:
          'The CDK construct id of this resource (the id argument of the L1 constructor). Not a CloudFormation property.',
        'x-cdk-construct-id': true,
        type: 'string',
      },
      ...properties,
    },
    additionalProperties: false,
    required,
    'x-cfn-attributes': attrs,
    'x-cdk-attributes': cdkAttrs,
  };
  if (definitions.size) schema.definitions = Object.fromEntries(byKey([...definitions]));
  return schema;
}

const TAG_DEFINITION = {
  description:
    'A tag: a key-value pair (CDK CfnTag, written with the Python names key and value; CloudFormation Key and Value).',
  'x-cfn-type': 'Tag',
  type: 'object',
  properties: {
    key: {
      description: 'The key name of the tag (1 to 128 Unicode characters; may not start with aws:).',
      'x-cfn-name': 'Key',
      type: 'string',
    },
    value: {
      description: 'The value of the tag (0 to 256 Unicode characters).',
      'x-cfn-name': 'Value',
      type: 'string',
    },
  },
  additionalProperties: false,
  required: ['key', 'value'],
};

function fileNameOf(cfnType) {
  return `${cfnType.replace(/::/g, '-')}.schema.json`;
}

// ------------------------------------------------------------------------------------------------
// The umbrella schema of a whole parameter-set file.

function readKinds() {
  const doc = YAML.parse(fs.readFileSync(KINDS_FILE, 'utf8'));
  const kinds = doc?.kinds ?? fail(`${KINDS_FILE}: no kinds mapping`);
  const groups = new Map(); // group -> type
  for (const [type, entry] of Object.entries(kinds)) {
    if (!TYPES.includes(type)) fail(`${KINDS_FILE}: ${type} has no generated schema (add it to TYPES)`);
    for (const g of entry?.groups ?? []) {
      if (typeof g !== 'string' || !g) fail(`${KINDS_FILE}: ${type}: bad group name ${JSON.stringify(g)}`);
      if (groups.has(g) && groups.get(g) !== type) fail(`${KINDS_FILE}: group ${g} names both ${groups.get(g)} and ${type}`);
      if (g === 'common') fail(`${KINDS_FILE}: group name "common" is reserved`);
      groups.set(g, type);
    }
  }
  return groups;
}

function umbrellaSchema(groups, comment) {
  const groupProps = byKey(
    [...groups].map(([g, type]) => [
      g,
      {
        description: `A group of ${type} resources (group name from rules/kinds.yaml): a mapping of resource name to the L1 constructor arguments.`,
        'x-cfn-type': type,
        type: 'object',
        additionalProperties: { $ref: fileNameOf(type) },
      },
    ]),
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'parameter-set.schema.json',
    $comment: comment,
    title: 'ssm-preflight parameter set',
    description:
      'A parameter-set YAML file: a mapping of modules. The key common holds settings shared by all modules; every other key is a module, a mapping of groups, each a mapping of resource name to the keyword arguments of a CDK Python L1 constructor.',
    type: 'object',
    properties: {
      common: { $ref: '#/definitions/common' },
    },
    additionalProperties: { $ref: '#/definitions/module' },
    definitions: {
      common: {
        description: 'Settings shared by all modules; free-form beyond the keys described here.',
        type: 'object',
        properties: {
          account: {
            description: 'The AWS account id (12 digits; quote it so that YAML keeps it a string).',
            type: 'string',
          },
          region: {
            description: 'The AWS Region to deploy to, e.g. ap-northeast-1.',
            type: 'string',
          },
          tags: {
            description: 'Tags applied to every resource that supports tags: tag key to tag value.',
            type: 'object',
            additionalProperties: { type: 'string' },
          },
        },
        additionalProperties: true,
      },
      module: {
        description:
          'A module: a mapping of group name to group. A group named in rules/kinds.yaml holds resources of one CloudFormation type; other groups are accepted without checks.',
        type: 'object',
        properties: Object.fromEntries(groupProps),
        additionalProperties: { $ref: '#/definitions/unknownGroup' },
      },
      unknownGroup: {
        description: 'A group whose name rules/kinds.yaml does not know: a mapping of resource name to resource mapping.',
        type: 'object',
        additionalProperties: { type: 'object' },
      },
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Main.

async function main(argv) {
  const check = argv.includes('--check');
  const quiet = argv.includes('--quiet');
  const unknown = argv.filter((a) => !['--check', '--quiet'].includes(a));
  if (unknown.length) fail(`unknown arguments: ${unknown.join(' ')} (use --check, --quiet)`);

  // jsii-pacmak must use the same codemaker as we do (its toSnakeCase names the Python API).
  const pacmakDir = path.dirname(require.resolve('jsii-pacmak/package.json'));
  if (require.resolve('codemaker', { paths: [pacmakDir] }) !== require.resolve('codemaker')) {
    fail('jsii-pacmak resolves a different codemaker than the generator; align the versions in package.json');
  }

  const versions = {
    spec: pkgVersion('@aws-cdk/aws-service-spec'),
    cdk: pkgVersion('aws-cdk-lib'),
  };
  const comment = `Generated by scripts/schemas/generate.mjs from @aws-cdk/aws-service-spec ${versions.spec} and aws-cdk-lib ${versions.cdk} (jsii names, Python via jsii-pacmak ${pkgVersion('jsii-pacmak')}). Do not edit.`;

  const overlay = {
    byTarget: new Map(),
    used: new Set(),
    comment,
  };
  for (const [target, add, reason] of OVERLAY) {
    if (!reason) fail(`overlay ${target}: give a reason`);
    if (overlay.byTarget.has(target)) fail(`overlay ${target}: listed twice`);
    overlay.byTarget.set(target, { add, enum: add.enum });
  }

  const db = await loadAwsServiceSpec();
  const asm = loadAssembly();
  if (asm.version !== versions.cdk) fail(`assembly version ${asm.version} != aws-cdk-lib ${versions.cdk}`);

  const stats = { names: [], history: [], passthrough: [], undocumented: [] };
  const files = new Map(); // file name -> content
  const index = {};
  for (const type of [...TYPES].sort()) {
    const schema = generateType(db, asm, type, overlay, stats);
    files.set(fileNameOf(type), serialize(schema));
    index[type] = fileNameOf(type);
  }
  const unusedOverlay = [...overlay.byTarget.keys()].filter((t) => !overlay.used.has(t));
  if (unusedOverlay.length) fail(`overlay targets that do not exist: ${unusedOverlay.join(', ')}`);

  files.set('parameter-set.schema.json', serialize(umbrellaSchema(readKinds(), comment)));
  files.set('index.json', `${JSON.stringify(index, null, 2)}\n`);

  // Write (or compare).
  const stale = [];
  const existing = fs.existsSync(OUT_DIR) ? fs.readdirSync(OUT_DIR).filter((f) => f.endsWith('.json')) : [];
  const obsolete = existing.filter((f) => !files.has(f) && /^AWS-.*\.schema\.json$/.test(f));
  for (const [name, content] of files) {
    const file = path.join(OUT_DIR, name);
    const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (old !== content) stale.push(name);
  }
  if (check) {
    if (stale.length || obsolete.length) {
      console.error(`schemas/parameter-set is stale: ${[...stale, ...obsolete.map((f) => `${f} (obsolete)`)].join(', ')}`);
      console.error('regenerate: cd scripts/schemas && npm ci && node generate.mjs');
      return 1;
    }
    console.log(`schemas/parameter-set is up to date (${files.size} files)`);
    return 0;
  }
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const name of stale) fs.writeFileSync(path.join(OUT_DIR, name), files.get(name));
  for (const f of obsolete) fs.rmSync(path.join(OUT_DIR, f));

  if (!quiet) {
    console.log(`@aws-cdk/aws-service-spec ${versions.spec}, aws-cdk-lib ${versions.cdk}`);
    console.log(`wrote ${stale.length} of ${files.size} files in ${path.relative(REPO, OUT_DIR)}${obsolete.length ? `, removed ${obsolete.join(', ')}` : ''}`);
    const section = (title, list) => {
      if (!list.length) return;
      console.log(`${title}:`);
      for (const l of list) console.log(`  ${l}`);
    };
    section('Python names that differ from codemaker applied to the CloudFormation name', stats.names);
    section('properties whose jsii type is an older spec type', stats.history);
    section('properties passed to CloudFormation verbatim (jsii `any`, CloudFormation key names)', stats.passthrough);
    section('properties without documentation', stats.undocumented);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof GenError ? `generate.mjs: ${err.message}` : err);
    process.exit(2);
  },
);

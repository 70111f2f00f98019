#!/usr/bin/env bash
# Regenerates the CloudFormation / cloud-assembly corpus of ssm-preflight:
#
#   tests/fixtures/cdk/corpus/      the cloud assembly of tests/cdk/app.js (manifest.json,
#                                   <Stack>.template.json, <Stack>.assets.json,
#                                   <Stack>.metadata.json, cdk.out, tree.json)
#   tests/fixtures/cdk/renderings/  GoodL1Endpoints and ClosedEndpointGroup as JSON, long-form
#                                   YAML and short-form YAML (render.js); ShortForms.short.yaml
#                                   is hand-written and only checked here
#
# Usage: tests/cdk/synth.sh            regenerate in place
#        tests/cdk/synth.sh --check    regenerate into a scratch folder and fail if anything
#                                      differs from the files in the repository (exit 77, a
#                                      skipped test, without Node.js or the npm registry)
#
# Needs Node.js 20 or later and the npm registry (npm ci installs the exact versions of
# package-lock.json into tests/cdk/node_modules/, which git ignores). Does not use the CDK CLI.
set -euo pipefail

check=false
case "${1:-}" in
  "") ;;
  --check) check=true ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fixtures="$(cd "$here/.." && pwd)/fixtures/cdk"
cd "$here"

# Variables that would change what the app writes: context from a CDK CLI, debug mode (stack
# traces with absolute paths), an output folder.
unset CDK_CONTEXT_JSON CDK_DEBUG CDK_OUTDIR CDK_DEFAULT_ACCOUNT CDK_DEFAULT_REGION

# In --check mode (a test), a machine without Node.js or without the npm registry skips (77).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "Node.js and npm are needed" >&2
  if $check; then exit 77; fi
  exit 1
fi
if ! timeout 900 npm ci --no-audit --no-fund --loglevel=error; then
  echo "npm ci failed (is the npm registry reachable?)" >&2
  if $check; then exit 77; fi
  exit 1
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

CDK_OUTDIR="$scratch/corpus" node app.js

# Nothing in the app has an asset (no Lambda function, no custom resource): asset staging in
# the assembly means the design changed.
shopt -s nullglob
staged=("$scratch"/corpus/asset.*)
if ((${#staged[@]} > 0)); then
  echo "error: the cloud assembly stages assets: ${staged[*]##*/}" >&2
  exit 1
fi
shopt -u nullglob

node render.js render "$scratch/renderings" \
  "$scratch/corpus/GoodL1Endpoints.template.json" \
  "$scratch/corpus/ClosedEndpointGroup.template.json"
# The hand-written short-form case must parse with the same reader.
node render.js decode "$fixtures/renderings/ShortForms.short.yaml" >/dev/null
cp "$fixtures/renderings/ShortForms.short.yaml" "$scratch/renderings/"

if $check; then
  if diff -r "$fixtures/corpus" "$scratch/corpus" && diff -r "$fixtures/renderings" "$scratch/renderings"; then
    echo "tests/fixtures/cdk is up to date"
  else
    echo "error: tests/fixtures/cdk differs from what tests/cdk/synth.sh generates" >&2
    exit 1
  fi
  exit 0
fi

rm -rf "$fixtures/corpus"
mv "$scratch/corpus" "$fixtures/corpus"
for file in "$scratch"/renderings/*; do
  cp "$file" "$fixtures/renderings/"
done
echo "wrote tests/fixtures/cdk/corpus/ and tests/fixtures/cdk/renderings/"

#!/usr/bin/env bash
# The JSON Schemas that editors use through the YAML language server: the parameter-set schema
# accepts the example parameter set, the configuration schema accepts the example configuration
# and rejects a misspelt key. Checked with ajv (draft-07, as the YAML language server reads
# them), installed by the SARIF validation test into TOOLS_DIR; skipped (77) without it.
#
# usage: editor-schemas-test.sh SOURCE_DIR TOOLS_DIR
set -euo pipefail
src=$1
tools=$2
ajv="$tools/node_modules/.bin/ajv"
if [[ ! -x $ajv ]]; then
  echo "ajv is not installed in $tools (the SARIF validation test installs it): skipped" >&2
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

validate() {  # validate SCHEMA DATA [REFERENCED SCHEMAS...]
  local schema=$1 data=$2
  shift 2
  local refs=()
  for r in "$@"; do refs+=(-r "$r"); done
  (cd "$tools" && "$ajv" validate --spec=draft7 --strict=false -c ajv-formats \
    -s "$schema" "${refs[@]}" -d "$data") >"$work/out.txt" 2>&1
}

ps="$src/schemas/parameter-set"
kinds=()
for f in "$ps"/AWS-*.schema.json; do kinds+=("$f"); done
for f in "$src"/examples/seed-parameter-set/*.yaml; do
  [[ $(basename "$f") == stacks.yaml ]] && continue  # the manifest is not a parameter set
  if ! validate "$ps/parameter-set.schema.json" "$f" "${kinds[@]}"; then
    echo "FAIL: $f does not match the parameter-set schema" >&2
    cat "$work/out.txt" >&2
    status=1
  fi
done

printf 'pwork:\n  vpcs:\n    v:\n      cidr_blok: 10.0.0.0/16\n' >"$work/bad-set.yaml"
if validate "$ps/parameter-set.schema.json" "$work/bad-set.yaml" "${kinds[@]}"; then
  echo "FAIL: the parameter-set schema accepts a misspelt property" >&2
  status=1
fi

config="$src/schemas/config.schema.json"
if ! validate "$config" "$src/examples/config/.ssm-preflight.yaml"; then
  echo "FAIL: the example configuration does not match its schema" >&2
  cat "$work/out.txt" >&2
  status=1
fi
printf 'selct: [SSM]\n' >"$work/bad.yaml"
if validate "$config" "$work/bad.yaml"; then
  echo "FAIL: the configuration schema accepts an unknown key" >&2
  status=1
fi
printf 'assume:\n  dhmc: "yes"\n' >"$work/bad-type.yaml"
if validate "$config" "$work/bad-type.yaml"; then
  echo "FAIL: the configuration schema accepts a string for assume.dhmc" >&2
  status=1
fi

# The modeline that the documentation recommends points at the schema from the example.
if ! head -n 1 "$src/examples/config/.ssm-preflight.yaml" |
    grep -q '^# yaml-language-server: \$schema=../../schemas/config.schema.json$'; then
  echo "FAIL: the example configuration lacks the yaml-language-server modeline" >&2
  status=1
fi
exit $status

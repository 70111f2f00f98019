#!/usr/bin/env bash
# Validates every SARIF log in SARIF_DIR with the SARIF Multitool (rule kinds Sarif and Ghas,
# i.e. the SARIF spec and GitHub code scanning's ingestion rules) and with ajv against the
# official 2.1.0 schema. The tools are installed with npm into TOOLS_DIR on first use; when npm
# is missing or the registry is unreachable the check is skipped (exit 77).
#
# usage: validate-sarif.sh SARIF_DIR TOOLS_DIR SCHEMA
set -euo pipefail
sarif_dir=$1
tools=$2
schema=$3

shopt -s nullglob
files=("$sarif_dir"/*.sarif)
if [[ ${#files[@]} -eq 0 ]]; then
  echo "no SARIF files in $sarif_dir (the other tests write them)" >&2
  exit 1
fi

multitool="$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
ajv="$tools/node_modules/.bin/ajv"
if [[ ! -x $multitool || ! -x $ajv ]]; then
  if ! command -v npm >/dev/null; then
    echo "npm is not installed: skipped" >&2
    exit 77
  fi
  mkdir -p "$tools"
  [[ -f $tools/package.json ]] || printf '{"name":"sarif-tools","private":true}\n' >"$tools/package.json"
  if ! (cd "$tools" && timeout 600 npm install --no-audit --no-fund --loglevel=error \
        @microsoft/sarif-multitool@5.7.0 ajv-cli@5.0.0 ajv-formats@3.0.1 >install.log 2>&1); then
    echo "npm could not install the validators (offline?): skipped" >&2
    tail -n 5 "$tools/install.log" >&2 || true
    exit 77
  fi
  chmod u+x "$multitool" 2>/dev/null || true
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

# ajv 8 reads draft-07: migrate the draft-04 schema once.
(cd "$tools" && "$ajv" migrate -s "$schema" -o "$work/schema.draft7.json" >/dev/null 2>&1)

# One Multitool run over every log; its exit status is always 0, so read its output log for
# error-level results.
"$multitool" validate "${files[@]}" --rule-kind "Sarif;Ghas" -o "$work/validation.sarif" \
  --log ForceOverwrite >"$work/multitool.txt" 2>&1 || true
if [[ ! -s $work/validation.sarif ]]; then
  echo "FAIL: the Multitool wrote no log" >&2
  cat "$work/multitool.txt" >&2
  exit 1
fi
errors=$(node -e '
  const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const bad = [];
  for (const run of log.runs || [])
    for (const r of run.results || [])
      if ((r.level || "warning") === "error") {
        const loc = (((r.locations || [])[0] || {}).physicalLocation || {});
        const uri = (loc.artifactLocation || {}).uri || "";
        const text = (r.message && (r.message.text || JSON.stringify(r.message.arguments))) || "";
        bad.push(`${uri}: ${r.ruleId}: ${text}`);
      }
  console.log(bad.join("\n"));' "$work/validation.sarif")
if [[ -n $errors ]]; then
  echo "FAIL (Multitool):" >&2
  echo "$errors" >&2
  status=1
fi

mkdir -p "$work/json"
for f in "${files[@]}"; do
  cp "$f" "$work/json/$(basename "$f").json"
done
if ! (cd "$tools" && "$ajv" validate --spec=draft7 -c ajv-formats -s "$work/schema.draft7.json" \
        -d "$work/json/*.json" --all-errors --errors=text >"$work/ajv.txt" 2>&1); then
  echo "FAIL (ajv):" >&2
  grep -v ' valid$' "$work/ajv.txt" >&2 || true
  status=1
fi
if [[ $status -eq 0 ]]; then
  echo "${#files[@]} SARIF logs pass the Multitool (Sarif;Ghas) and ajv"
fi
exit $status

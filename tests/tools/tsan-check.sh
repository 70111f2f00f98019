#!/usr/bin/env bash
# ThreadSanitizer over the real binary where it runs on several threads: file parsing, and a
# parameter set's facts and rules (base/parallel.hpp).
#
# usage: tests/tools/tsan-check.sh BUILD_DIR
#
# BUILD_DIR is a ThreadSanitizer build (the `tsan` preset: `make tsan-test` makes build-tsan/).
# The binary checks, with three threads, generated parameter sets of 3,000 instances (one with
# every instance in one VPC behind a broken endpoint group), every example, every fixture of
# the SSM rules and the cloud-assembly corpus. Any data race ThreadSanitizer reports fails the
# run (exit 1), as does an exit code other than 0 (clean) or 1 (findings).
set -euo pipefail

build=${1:?usage: tsan-check.sh BUILD_DIR}
build=$(cd "$build" && pwd)
cd "$(dirname "$0")/../.."
exe="$build/src/ssm-preflight"
if [[ ! -x $exe ]]; then
  echo "tsan-check.sh: $exe is missing; build first (make tsan-test)" >&2
  exit 1
fi
if ! grep -q 'SSMPF_TSAN:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  echo "tsan-check.sh: $build is not a ThreadSanitizer build (the tsan preset)" >&2
  exit 1
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 bench/generate.py "$scratch/spread" --instances 3000 >/dev/null
python3 bench/generate.py "$scratch/one-vpc" --instances 3000 --per-vpc 3000 >/dev/null

inputs=("$scratch/spread" "$scratch/one-vpc" examples/seed-parameter-set tests/fixtures/cdk/corpus)
for dir in examples/broken/*/; do
  inputs+=("${dir%/}")
done
while IFS= read -r -d '' file; do
  inputs+=("$file")
done < <(find tests/fixtures/rules -path '*/SSM*' -name '*.yaml' -print0 | sort -z)

export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"
failed=0
for input in "${inputs[@]}"; do
  set +e
  "$exe" check --jobs 3 --format sarif -o "$scratch/out.sarif" "$input" 2>"$scratch/err"
  status=$?
  set -e
  if [[ $status -ne 0 && $status -ne 1 ]]; then
    echo "tsan-check.sh: exit $status on $input" >&2
    cat "$scratch/err" >&2
    failed=1
  fi
done
if [[ $failed -ne 0 ]]; then
  exit 1
fi
echo "tsan-check.sh: no data race in ${#inputs[@]} runs"

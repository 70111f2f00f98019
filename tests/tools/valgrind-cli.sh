#!/usr/bin/env bash
# Valgrind memcheck over the in-process CLI tests (cli_test) and the real binary on the examples.
#
# usage: tests/tools/valgrind-cli.sh BUILD_DIR
#
# BUILD_DIR is a normal build (RelWithDebInfo, as `make test` makes build/): valgrind does not
# work on AddressSanitizer builds. Any memory error, and any definitely or indirectly lost
# block, fails the run (exit 1); tests/tools/valgrind.supp holds the suppressions, each for a
# proven false positive in a third-party library. VALGRIND_TESTS selects the cli_test cases
# (a Catch2 test spec; empty: all). The default leaves out the cases tagged [big] (inputs of
# 10 MB and more, 10,000 files) and [heavy] (deep nesting, long chains, every order of a set's
# files), which take minutes under valgrind and go through the same code as the smaller cases,
# and the cfn_test case that asserts a wall-time bound; under valgrind the hostile_test cases
# skip their time and memory bounds themselves.
set -euo pipefail

build=${1:?usage: valgrind-cli.sh BUILD_DIR}
build=$(cd "$build" && pwd)
cd "$(dirname "$0")/../.."

if ! command -v valgrind >/dev/null; then
  echo "valgrind-cli.sh: valgrind is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
for exe in "$build/tests/cli_test" "$build/src/ssm-preflight"; do
  if [[ ! -x $exe ]]; then
    echo "valgrind-cli.sh: $exe is missing; build first (make build)" >&2
    exit 1
  fi
done
if grep -q -- '-fsanitize' "$build/CMakeCache.txt" 2>/dev/null ||
   grep -q 'SSMPF_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  echo "valgrind-cli.sh: $build is a sanitizer build; valgrind needs a normal one" >&2
  exit 1
fi

log_dir="$build/valgrind"
rm -rf "$log_dir"
mkdir -p "$log_dir"

memcheck=(valgrind --tool=memcheck --error-exitcode=1 --leak-check=full
          --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
          --track-origins=yes --num-callers=30
          --suppressions=tests/tools/valgrind.supp)

failed=0
run() {
  local name=$1
  shift
  local expect=$1
  shift
  local start=$SECONDS
  local code=0
  "${memcheck[@]}" --log-file="$log_dir/$name.log" "$@" >"$log_dir/$name.out" 2>&1 || code=$?
  # Memcheck's exit code 1 means errors; the program's own codes are checked against `expect`.
  if grep -q 'ERROR SUMMARY: [1-9]' "$log_dir/$name.log"; then
    echo "FAIL $name: memcheck errors (see $log_dir/$name.log)"
    grep -A12 -m3 '^==[0-9]*== [A-Z].*\(Invalid\|uninitialised\|definitely\|indirectly\|Mismatched\)' \
      "$log_dir/$name.log" || true
    failed=1
  elif [[ $code -ne $expect ]]; then
    echo "FAIL $name: exit code $code, expected $expect (see $log_dir/$name.out)"
    failed=1
  else
    echo "ok   $name ($((SECONDS - start)) s)"
  fi
}

# The in-process CLI tests (run_cli calls app::run as main() does).
default_tests='~[big] ~[heavy] ~"hostile assemblies and templates: a finding with a location, never a crash"'
tests=${VALGRIND_TESTS-$default_tests}
spec=()
[[ -n $tests ]] && spec=("$tests")
run cli_test 0 "$build/tests/cli_test" "${spec[@]}"

# The real binary through main(): the examples with each output format, and a usage error.
bin="$build/src/ssm-preflight"
run seed-text 0 "$bin" check examples/seed-parameter-set
run broken-sarif 1 "$bin" check examples/broken/endpoint-sg-no-inbound-443 --format sarif
run mistakes-github 1 "$bin" check examples/broken/parameter-set-mistakes --format github
run broken-all-gitlab 1 "$bin" check examples/broken/* --format gitlab
run cdk-corpus 1 "$bin" check tests/fixtures/cdk/corpus --format sarif
run usage-error 2 "$bin" check --format xml
run explain 0 "$bin" explain LD005 --format markdown

exit $failed

#!/usr/bin/env bash
# Installs the build tree into a scratch prefix with `cmake --install` and checks the installed
# tree: the binary runs from the prefix and behaves like the one in the build tree, and the
# rule definitions, schemas, rule pages, README and man page are in place.
#
# usage: install-test.sh CMAKE BUILD_DIR SOURCE_DIR BUILD_BINARY VERSION
set -euo pipefail
cmake=$1
build=$2
src=$3
built=$4
version=$5

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

if ! "$cmake" --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
  cat "$tmp/install.log" >&2
  echo "FAIL: cmake --install failed" >&2
  exit 1
fi

bin=$prefix/bin/ssm-preflight
[[ -x $bin ]] || { echo "FAIL: $bin is not installed" >&2; exit 1; }

# The version.
out=$("$bin" --version) || fail "ssm-preflight --version exited $?"
[[ $out == "ssm-preflight $version" ]] || fail "--version printed '$out', expected 'ssm-preflight $version'"

# The installed binary carries its rules: it works from another folder, with the same verdicts
# and the same report as the binary in the build tree.
cd "$tmp"
"$bin" check "$src/examples/seed-parameter-set" >/dev/null 2>&1 ||
  fail "check examples/seed-parameter-set exited $? (expected 0)"
rc=0
"$bin" check "$src/examples/broken/endpoint-sg-no-inbound-443" >"$tmp/installed.txt" 2>&1 || rc=$?
[[ $rc -eq 1 ]] || fail "check examples/broken/endpoint-sg-no-inbound-443 exited $rc (expected 1)"
"$built" check "$src/examples/broken/endpoint-sg-no-inbound-443" >"$tmp/built.txt" 2>&1 || true
cmp -s "$tmp/installed.txt" "$tmp/built.txt" ||
  fail "the installed binary's report differs from the build tree's: $(diff "$tmp/built.txt" "$tmp/installed.txt" | head -5)"
"$bin" rules >"$tmp/rules-installed.txt" || fail "ssm-preflight rules exited $?"
"$built" rules >"$tmp/rules-built.txt"
cmp -s "$tmp/rules-installed.txt" "$tmp/rules-built.txt" || fail "ssm-preflight rules differs"

# Data files: every rule definition and schema of the source tree, and the rule pages.
share=$prefix/share/ssm-preflight
doc=$prefix/share/doc/ssm-preflight
expect_file() { [[ -f $1 ]] || fail "missing ${1#"$prefix"/}"; }
cd "$src"
count=0
while IFS= read -r f; do
  expect_file "$share/$f"
  count=$((count + 1))
done < <(find rules schemas -type f \( -name '*.yaml' -o -name '*.json' \) | sort)
[[ $count -gt 30 ]] || fail "only $count rule and schema files in the source tree"
expect_file "$share/rules/kinds.yaml"
expect_file "$share/schemas/rule.schema.json"
expect_file "$share/schemas/parameter-set/parameter-set.schema.json"
[[ ! -f schemas/config.schema.json ]] || expect_file "$share/schemas/config.schema.json"
for page in docs/rules/*.md; do
  expect_file "$doc/rules/$(basename "$page")"
done
expect_file "$doc/README.md"
for license in LICENSE LICENSE.md LICENSE.txt COPYING COPYRIGHT; do
  [[ ! -f $license ]] || expect_file "$doc/$license"
done
expect_file "$prefix/share/man/man1/ssm-preflight.1"
cmp -s docs/ssm-preflight.1 "$prefix/share/man/man1/ssm-preflight.1" ||
  fail "the installed man page differs from docs/ssm-preflight.1"

# Nothing else: no hook definitions, no test programs, nothing outside bin/ and share/.
unexpected=$(cd "$prefix" && find . -type f ! -path './bin/ssm-preflight' ! -path './share/*' | sort)
[[ -z $unexpected ]] || fail "unexpected installed files: $unexpected"
hooks=$(cd "$prefix" && find . -name '*pre-commit*' | sort)
[[ -z $hooks ]] || fail "pre-commit files installed: $hooks"

if [[ $failures -gt 0 ]]; then
  echo "$failures failure(s); installed tree:" >&2
  (cd "$prefix" && find . -type f | sort | head -50) >&2
  exit 1
fi
echo "installed tree OK ($(cd "$prefix" && find . -type f | wc -l) files)"

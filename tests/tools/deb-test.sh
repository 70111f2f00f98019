#!/usr/bin/env bash
# Builds the Debian package with `cpack -G DEB` into a scratch folder, checks its control
# fields and file list with dpkg-deb, then unpacks it with `dpkg -x` and runs the binary.
# Skipped (exit 77) when cpack or dpkg-deb is missing.
#
# usage: deb-test.sh CPACK BUILD_DIR SOURCE_DIR VERSION HOMEPAGE
set -euo pipefail
cpack=$1
build=$2
src=$3
version=$4
homepage=$5

if [[ ! -x $cpack ]] && ! command -v "$cpack" >/dev/null; then
  echo "cpack is not installed: skipped" >&2
  exit 77
fi
if ! command -v dpkg-deb >/dev/null; then
  echo "dpkg-deb is not installed: skipped" >&2
  exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

if ! "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1; then
  cat "$tmp/cpack.log" >&2
  echo "FAIL: cpack -G DEB failed" >&2
  exit 1
fi
shopt -s nullglob
debs=("$tmp"/out/*.deb)
if [[ ${#debs[@]} -ne 1 ]]; then
  cat "$tmp/cpack.log" >&2
  echo "FAIL: expected one .deb, found ${#debs[@]}" >&2
  exit 1
fi
deb=${debs[0]}
dpkg-deb -I "$deb"

# Control fields.
field() { dpkg-deb -f "$deb" "$1"; }
arch=$(dpkg --print-architecture 2>/dev/null || true)
[[ $(field Package) == ssm-preflight ]] || fail "Package: '$(field Package)'"
[[ $(field Version) == "$version" || $(field Version) == "$version"-* ]] ||
  fail "Version: '$(field Version)', expected $version"
[[ -z $arch || $(field Architecture) == "$arch" ]] ||
  fail "Architecture: '$(field Architecture)', expected $arch"
[[ $(basename "$deb") == "ssm-preflight_$(field Version)_$(field Architecture).deb" ]] ||
  fail "file name $(basename "$deb") is not ssm-preflight_VERSION_ARCH.deb"
[[ -n $(field Maintainer) ]] || fail "no Maintainer"
[[ $(field Homepage) == "$homepage" ]] || fail "Homepage: '$(field Homepage)', expected $homepage"
description=$(field Description)
synopsis=$(head -n 1 <<<"$description")
[[ -n $synopsis && ${#synopsis} -le 80 ]] || fail "Description synopsis: '$synopsis'"
[[ $(wc -l <<<"$description") -ge 2 ]] || fail "Description has no extended description"
[[ -n $(field Section) ]] || fail "no Section"
depends=$(field Depends)
[[ $depends == *libc6* ]] || fail "Depends lacks libc6: '$depends'"
# Every shared library the program needs is a dependency (yaml-cpp, RE2 and the C++ runtime
# are linked statically when their archives exist: SSMPF_STATIC_LIBS).
needed=$(objdump -p "$build/src/ssm-preflight" | awk '$1 == "NEEDED" {print $2}')
for pair in libstdc++.so:libstdc++6 libyaml-cpp.so:libyaml-cpp libre2.so:libre2-; do
  if grep -q "^${pair%%:*}" <<<"$needed"; then
    [[ $depends == *"${pair#*:}"* ]] || fail "Depends lacks ${pair#*:}: '$depends'"
  fi
done

# Files.
dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' | sort >"$tmp/files"
expect() { grep -qxF "$1" "$tmp/files" || fail "the package lacks $1"; }
expect /usr/bin/ssm-preflight
expect /usr/share/ssm-preflight/rules/kinds.yaml
expect /usr/share/ssm-preflight/rules/managed-policies.yaml
expect /usr/share/ssm-preflight/rules/ssm/SSM009.yaml
expect /usr/share/ssm-preflight/schemas/rule.schema.json
expect /usr/share/ssm-preflight/schemas/parameter-set/parameter-set.schema.json
[[ ! -f $src/schemas/config.schema.json ]] || expect /usr/share/ssm-preflight/schemas/config.schema.json
expect /usr/share/doc/ssm-preflight/README.md
expect /usr/share/doc/ssm-preflight/rules/SSM009.md
grep -qxE '/usr/share/man/man1/ssm-preflight\.1(\.gz)?' "$tmp/files" || fail "the package lacks the man page"
outside=$(grep -vE '^/usr/(bin|share)(/|$)|^/$|^/usr/$' "$tmp/files" || true)
[[ -z $outside ]] || fail "files outside /usr/bin and /usr/share: $outside"
! grep -q 'pre-commit' "$tmp/files" || fail "the package holds pre-commit files"

# The unpacked binary runs.
dpkg -x "$deb" "$tmp/root" 2>/dev/null || dpkg-deb -x "$deb" "$tmp/root"
out=$("$tmp/root/usr/bin/ssm-preflight" --version) || fail "--version exited $?"
[[ $out == "ssm-preflight $version" ]] || fail "--version printed '$out'"
(cd "$src" && "$tmp/root/usr/bin/ssm-preflight" check examples/seed-parameter-set >/dev/null 2>&1) ||
  fail "check examples/seed-parameter-set failed with the packaged binary"

if [[ $failures -gt 0 ]]; then
  echo "$failures failure(s); package contents:" >&2
  cat "$tmp/files" >&2
  exit 1
fi
echo "$(basename "$deb") OK"

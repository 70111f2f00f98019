#!/usr/bin/env bash
# Writes the seed corpora of the fuzz targets from the repository's fixtures and examples:
#   fuzz/seed-corpus.sh OUT    ->  OUT/fuzz_yaml_loader/, OUT/fuzz_paramset/, OUT/fuzz_template/,
#                                  OUT/fuzz_check/
# Single files become one seed each; a folder of up to 16 input files (a manifest and its
# parameter sets, a stack and its nested templates, a multi-file fixture) also becomes one
# seed, its files joined with "#%file NAME" lines (fuzz/fuzz_support.hpp). Seeds are named by
# their SHA-1, as libFuzzer names its own; files above 64 KiB are left out. The committed
# regression inputs (tests/fixtures/fuzz/<target>/) are added too. Existing seeds are kept, so
# a corpus grown by earlier runs survives.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUT" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
out=$1
targets=(fuzz_yaml_loader fuzz_fast_yaml fuzz_paramset fuzz_template fuzz_check)
max_bytes=65536
for t in "${targets[@]}"; do
  mkdir -p "$out/$t"
done

# add TARGET FILE: copies FILE into TARGET's corpus under its content hash.
add() {
  local hash
  hash=$(sha1sum "$2" | cut -d' ' -f1)
  cp "$2" "$out/$1/$hash"
}

is_template() {
  grep -qE '^[[:space:]]*"?(Resources|AWSTemplateFormatVersion)"?[[:space:]]*:' "$1"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$root"
inputs=$(find tests/fixtures examples -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \
           -o -name '*.template' \) -size -$((max_bytes + 1))c \
           -not -path 'tests/fixtures/fuzz/*' -not -path 'tests/fixtures/sarif/*' \
           -not -path 'tests/fixtures/report/*' | LC_ALL=C sort)

# Single files.
n=0
while IFS= read -r f; do
  [[ -n $f ]] || continue
  n=$((n + 1))
  add fuzz_yaml_loader "$f"
  add fuzz_fast_yaml "$f"
  name=$(basename "$f")
  if is_template "$f"; then
    add fuzz_template "$f"
  elif [[ $name == *.yaml || $name == *.yml ]]; then
    add fuzz_paramset "$f"
  fi
  # The whole pipeline sees the file under its own name (JSON templates, manifests...).
  { printf '#%%file %s\n' "$name"; cat "$f"; } > "$tmp/seed"
  add fuzz_check "$tmp/seed"
done <<< "$inputs"

# Folders: every folder that directly holds input files, with the input files below it (at
# most three levels, 16 files).
folders=$(printf '%s\n' "$inputs" | xargs -r -n1 dirname | LC_ALL=C sort -u)
while IFS= read -r d; do
  [[ -n $d ]] || continue
  files=$(cd "$d" && find . -mindepth 1 -maxdepth 3 -type f \( -name '*.yaml' -o -name '*.yml' \
            -o -name '*.json' -o -name '*.template' \) -not -name 'tree.json' | sed 's|^\./||' |
          LC_ALL=C sort)
  count=$(printf '%s\n' "$files" | grep -c . || true)
  [[ $count -ge 2 && $count -le 16 ]] || continue
  : > "$tmp/bundle"
  templates=0
  yamls=0
  while IFS= read -r f; do
    printf '#%%file %s\n' "$f" >> "$tmp/bundle"
    cat "$d/$f" >> "$tmp/bundle"
    if is_template "$d/$f"; then
      templates=$((templates + 1))
    elif [[ $f == *.yaml || $f == *.yml ]]; then
      yamls=$((yamls + 1))
    fi
  done <<< "$files"
  [[ $(stat -c %s "$tmp/bundle") -le $max_bytes ]] || continue
  add fuzz_check "$tmp/bundle"
  [[ $templates -ge 2 ]] && add fuzz_template "$tmp/bundle"
  [[ $yamls -ge 2 && $templates -eq 0 ]] && add fuzz_paramset "$tmp/bundle"
done <<< "$folders"

for t in "${targets[@]}"; do
  if [[ -d tests/fixtures/fuzz/$t ]]; then
    while IFS= read -r f; do
      add "$t" "$f"
    done < <(find "tests/fixtures/fuzz/$t" -type f -not -name '.*')
  fi
  echo "$t: $(find "$out/$t" -type f | wc -l) seeds in $out/$t"
done
echo "($n fixture files read)"

#!/usr/bin/env bash
# Builds the fuzz targets with clang (libFuzzer, ASan, UBSan), seeds their corpora from the
# fixtures and runs each target for SECONDS; fails on the first crash, leak, timeout or
# sanitizer report. What a target finds is left as crash-*/leak-*/timeout-* in
# $FUZZ_BUILD/artifacts/<target>/ (see fuzz/README.md to turn it into a regression input).
#   fuzz/run.sh SECONDS [TARGET...]
# Environment: FUZZ_BUILD (build folder, default build-fuzz), FUZZ_CORPUS (corpus folder,
# default $FUZZ_BUILD/corpus, kept between runs), FUZZ_CXX (default clang++-14), FUZZ_TIMEOUT
# (seconds per input, default 10), JOBS (default 2).
set -euo pipefail

if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 SECONDS [TARGET...]" >&2
  exit 2
fi
seconds=$1
shift
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD:-$root/build-fuzz}
corpus=${FUZZ_CORPUS:-$build/corpus}
cxx=${FUZZ_CXX:-clang++-14}
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(fuzz_yaml_loader fuzz_fast_yaml fuzz_paramset fuzz_template fuzz_check)
fi

if [[ ! -f $build/CMakeCache.txt ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" -DSSMPF_FUZZ=ON \
    -DSSMPF_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" -j "${JOBS:-2}" --target "${targets[@]}"
"$root/fuzz/seed-corpus.sh" "$corpus"

cat "$root"/fuzz/dict/*.dict > "$build/fuzz.dict"

status=0
for t in "${targets[@]}"; do
  artifacts=$build/artifacts/$t
  mkdir -p "$artifacts"
  echo "== $t: ${seconds}s"
  start=$(date +%s)
  if ! "$build/fuzz/$t" "$corpus/$t" \
      -dict="$build/fuzz.dict" \
      -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 -max_len=65536 \
      -artifact_prefix="$artifacts/" -print_final_stats=1 -detect_leaks=1 \
      > "$build/$t.log" 2>&1; then
    status=1
    echo "$t FAILED after $(( $(date +%s) - start ))s; the last lines of $build/$t.log:" >&2
    tail -n 60 "$build/$t.log" >&2
    ls -l "$artifacts" >&2
    continue
  fi
  grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb|stat::new_units_added)' \
    "$build/$t.log" || true
  echo "$t: no finding in $(( $(date +%s) - start ))s"
done
exit $status

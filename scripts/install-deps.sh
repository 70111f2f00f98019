#!/usr/bin/env bash
# Installs the Debian 12 packages ssm-preflight needs to build and test, when they are missing.
# As root it runs apt-get; otherwise it prints the command to run.
set -euo pipefail

packages=(g++ cmake ninja-build pkg-config make dpkg-dev
          libyaml-cpp-dev libcli11-dev nlohmann-json3-dev libre2-dev catch2
          git pre-commit  # git and pre-commit: the hook test (tests/tools/precommit-test.sh)
          valgrind  # make valgrind-test (tests/tools/valgrind-cli.sh)
          python3  # bench/ and make tsan-test (tests/tools/tsan-check.sh) generate sets
          clang-14 libclang-rt-14-dev)  # make fuzz: clang, libFuzzer and the sanitizer runtimes

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "ssm-preflight needs these Debian packages: ${missing[*]}" >&2
  echo "install them with:  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"

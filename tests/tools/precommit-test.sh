#!/usr/bin/env bash
# Runs the real pre-commit with the hook this repository ships (.pre-commit-hooks.yaml), in
# throw-away git repositories: a hook repository holding a copy of the manifest, and a project
# whose .pre-commit-config.yaml uses it by path and commit. The built binary is first on PATH.
#
#   1. committing a good parameter set (a copy of examples/seed-parameter-set) succeeds;
#   2. a commit that removes the endpoints' HTTPS ingress is refused, with the finding;
#   3. a commit that changes only the instance's file is refused with the finding located in
#      the endpoints' file, which is not part of the commit: the hook checks the whole set.
#
# No network: pre-commit clones the hook repository from its path and a system hook installs
# nothing. Exits 77 (skipped) when pre-commit or git is missing.
#
# usage: precommit-test.sh SSM_PREFLIGHT SOURCE_DIR
set -euo pipefail
for tool in pre-commit git; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool is not installed: skipped" >&2
    exit 77
  fi
done

binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
source_dir=$(cd "$2" && pwd)
[[ -x $binary ]] || { echo "no ssm-preflight binary at $binary" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/ssmpf-precommit.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Nothing from the caller's environment: no git configuration outside the repositories, a
# private pre-commit cache, plain output, and a proxy that refuses any connection attempt.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY PRE_COMMIT_NO_CONCURRENCY
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export HOME="$work/home"
export PRE_COMMIT_HOME="$work/pre-commit-home" PRE_COMMIT_COLOR=never
export http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9
export HTTP_PROXY=$http_proxy HTTPS_PROXY=$https_proxy
mkdir -p "$HOME" "$work/bin"
ln -s "$binary" "$work/bin/ssm-preflight"
export PATH="$work/bin:$PATH"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# expect_in FILE TEXT: the output holds TEXT.
expect_in() {
  grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "expected '$2' in the output"; }
}

git_init() {
  git init -q -b main "$1"
  git -C "$1" config user.name "ssm-preflight tests"
  git -C "$1" config user.email "tests@example.invalid"
  git -C "$1" config commit.gpgsign false
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

pre-commit validate-manifest "$source_dir/.pre-commit-hooks.yaml" || fail "validate-manifest"

# The hook repository: this project's .pre-commit-hooks.yaml, committed.
git_init "$work/hooks"
cp "$source_dir/.pre-commit-hooks.yaml" "$work/hooks/"
git -C "$work/hooks" add .pre-commit-hooks.yaml
git -C "$work/hooks" commit -q -m "hooks"
rev=$(git -C "$work/hooks" rev-parse HEAD)

# The project, using the hook by path and commit.
project="$work/project"
git_init "$project"
cat >"$project/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $work/hooks
    rev: $rev
    hooks:
      - id: ssm-preflight
EOF
cd "$project"
pre-commit install >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "pre-commit install"; }

# 1. A good parameter set: the commit succeeds (its one finding is a note).
cp -R "$source_dir/examples/seed-parameter-set" infra
git add -A
start=$(now)
git commit -m "network, endpoints and instance" >"$work/commit1.log" 2>&1 ||
  { cat "$work/commit1.log" >&2; fail "the good parameter set was refused"; }
echo "commit 1 (good set, first run clones the hook repository): $(elapsed "$start") s"
expect_in "$work/commit1.log" "ssm-preflight"
expect_in "$work/commit1.log" "Passed"
[[ $(git rev-list --count HEAD) == 1 ]] || fail "expected one commit"

# 2. The endpoints' security group loses its HTTPS ingress: refused, with the finding.
sed -i '/security_group_ingress:/,/description: "Allow HTTPS traffic."/d' infra/ssm_vpcendpoint.yaml
git add infra/ssm_vpcendpoint.yaml
start=$(now)
if git commit -m "drop the endpoint ingress" >"$work/commit2.log" 2>&1; then
  cat "$work/commit2.log" >&2
  fail "the commit that removes the 443 ingress was accepted"
fi
echo "commit 2 (ingress removed, refused): $(elapsed "$start") s"
expect_in "$work/commit2.log" "Failed"
expect_in "$work/commit2.log" "infra/ssm_vpcendpoint.yaml:4:5: error:"
expect_in "$work/commit2.log" "[SSM009]"
[[ $(git rev-list --count HEAD) == 1 ]] || fail "the refused commit was made"

# 3. Only the instance's file changes (it moves to a subnet the endpoints' group does not
#    admit): the finding is in ssm_vpcendpoint.yaml, which this commit does not touch.
git reset -q --hard HEAD
sed -i 's/subnet_id: "{{pwork.subnets.pwork_pri_subnet_az1.attr_subnet_id}}"/subnet_id: "{{pwork.subnets.pwork_pri_subnet_az3.attr_subnet_id}}"/' \
  infra/ec2_ssm.yaml
git diff --quiet -- infra/ec2_ssm.yaml && fail "the instance's subnet was not changed"
git add infra/ec2_ssm.yaml
[[ $(git diff --cached --name-only) == infra/ec2_ssm.yaml ]] || fail "expected one staged file"
start=$(now)
if git commit -m "move the instance" >"$work/commit3.log" 2>&1; then
  cat "$work/commit3.log" >&2
  fail "the commit that moves the instance out of the endpoints' reach was accepted"
fi
echo "commit 3 (one file of the set changed, finding in another, refused): $(elapsed "$start") s"
expect_in "$work/commit3.log" "infra/ssm_vpcendpoint.yaml:8:7: error:"
expect_in "$work/commit3.log" "(10.0.3.0/24) [SSM009]"
[[ $(grep -c "\[SSM009\]" "$work/commit3.log") == 1 ]] ||
  { cat "$work/commit3.log" >&2; fail "the finding was reported more than once"; }

# 4. Put back, the same change passes again.
git reset -q --hard HEAD
start=$(now)
pre-commit run --all-files >"$work/run.log" 2>&1 || { cat "$work/run.log" >&2; fail "run --all-files"; }
echo "pre-commit run --all-files (good set): $(elapsed "$start") s"

echo "pre-commit hook: all checks passed"

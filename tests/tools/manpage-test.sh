#!/usr/bin/env bash
# Keeps the man page in step with the program: every option that `ssm-preflight check --help`
# prints is described in the OPTIONS section, every option described there exists, and the
# title line names the current version. When groff is installed, the page must also format
# without a single warning.
#
# usage: manpage-test.sh SSM_PREFLIGHT MAN_PAGE VERSION
set -euo pipefail
bin=$1
page=$2
version=$3

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

[[ -f $page ]] || { echo "FAIL: no man page $page" >&2; exit 1; }
help=$("$bin" check --help)

# The page as plain text: \- as -, no font changes or zero-width escapes.
plain() { sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f\[[A-Za-z]*\]//g' -e 's/\\[&%]//g' "$page"; }
# The OPTIONS section, and the tags of its entries (the line after each .TP).
options_section=$(plain | awk '/^\.SH /{in_opts = ($2 == "OPTIONS")} in_opts')
tags=$(awk 'tag {print; tag = 0} /^\.TP/{tag = 1}' <<<"$options_section")

long=$(grep -oE -- '(^|[ ,])--[a-z][a-z0-9-]*' <<<"$help" | sed 's/^[ ,]*//' | sort -u)
short=$(grep -oE -- '(^|[ ,])-[a-zA-Z]([ ,]|$)' <<<"$help" | tr -d ' ,' | sort -u)
[[ $(wc -w <<<"$long") -ge 10 ]] || fail "found only these long options in check --help: $long"

for opt in $long $short; do
  grep -qE -- "(^|[^A-Za-z0-9-])${opt}([^A-Za-z0-9-]|$)" <<<"$tags" ||
    fail "'$opt' (ssm-preflight check --help) is not described in the OPTIONS section of $page"
done

for opt in $(grep -oE -- '(^|[^A-Za-z0-9-])--?[a-zA-Z][a-z0-9-]*' <<<"$tags" | sed 's/^[^-]*//' | sort -u); do
  grep -qxF -- "$opt" <<<"$long"$'\n'"$short" ||
    fail "'$opt' is described in the OPTIONS section of $page but ssm-preflight check --help does not list it"
done

# The values of options with a fixed set ("--format TEXT:{text,sarif,github}=text") are named.
while read -r opt values; do
  entry=$(awk -v opt="$opt" 'tag {found = (index($0, opt) > 0); tag = 0} /^\.TP/{tag = 1; found = 0; next} found' <<<"$options_section")
  for value in ${values//,/ }; do
    grep -qE -- "(^|[^A-Za-z0-9-])${value}([^A-Za-z0-9-]|$)" <<<"$entry" ||
      fail "'$opt $value' (ssm-preflight check --help) is not described in the entry of $opt"
  done
done < <(grep -oE -- '--[a-z][a-z0-9-]* [A-Z]+:\{[^}]*\}' <<<"$help" | sed -E 's/ [A-Z]+:\{/ /; s/\}$//')

title=$(plain | grep -m1 '^\.TH ' || true)
[[ $title == *"ssm-preflight $version"* ]] || fail "the .TH line does not name version $version: $title"

for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "EXIT STATUS" FILES ENVIRONMENT EXAMPLES "SEE ALSO"; do
  grep -qxE "\.SH \"?$section\"?" "$page" || fail "no $section section"
done

if command -v groff >/dev/null; then
  warnings=$(groff -man -ww -z "$page" 2>&1 || true)
  [[ -z $warnings ]] || fail "groff -man -ww warns: $warnings"
else
  echo "groff is not installed: formatting not checked"
fi

if [[ $failures -gt 0 ]]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "man page OK: $(wc -w <<<"$long") long options"

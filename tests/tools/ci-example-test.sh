#!/usr/bin/env bash
# Checks the CI examples in examples/ci: each parses as YAML; the GitHub workflow runs on push
# and pull_request, writes a SARIF log with `check --format sarif -o FILE --fail-level none`,
# uploads that same FILE with github/codeql-action/upload-sarif@v4 (always, category
# ssm-preflight, the category written into the log, with security-events: write), then gates with --format github --fail-level
# error; the GitLab job keeps the SARIF log it writes as an artifact and its Code Quality
# report (--format gitlab) as artifacts:reports:codequality; and every ssm-preflight
# command line uses only options that `ssm-preflight check --help` lists.
# Skipped (exit 77) when python3 or its yaml module is missing.
#
# usage: ci-example-test.sh SSM_PREFLIGHT EXAMPLES_CI_DIR
set -euo pipefail
if ! command -v python3 >/dev/null || ! python3 -c 'import yaml' 2>/dev/null; then
  echo "python3 with the yaml module (python3-yaml) is not installed: skipped" >&2
  exit 77
fi
help=$("$1" check --help)
exec python3 - "$2" "$help" <<'PY'
import os
import re
import shlex
import sys

import yaml

ci_dir, help_text = sys.argv[1], sys.argv[2]
LONG = set(re.findall(r"(?:^|[ ,])(--[a-z][a-z0-9-]*)", help_text, re.M))
SHORT = set(re.findall(r"(?:^|[ ,])(-[a-zA-Z])(?=[ ,]|$)", help_text, re.M))
GLOBAL = {"--version", "--help", "-h"}
# The values of options that accept a fixed set: "--format TEXT:{text,sarif,github}=text".
CHOICES = {name: set(values.split(","))
           for name, values in re.findall(r"(--[a-z][a-z0-9-]*) \S*?:\{([^}]*)\}", help_text)}
# The SARIF category the check step writes (automationDetails.id) unless --category is given.
DEFAULT_CATEGORY = (re.findall(r"--category \S*?=(\S+)", help_text) or ["ssm-preflight"])[0]
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message, file=sys.stderr)


def commands(script):
    """The ssm-preflight invocations of a shell script, as argument lists."""
    found = []
    for line in script.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        try:
            tokens = list(lexer)
        except ValueError as e:
            fail(f"cannot split the shell line {line!r}: {e}")
            continue
        segment = []
        for token in tokens + [";"]:
            if token and set(token) <= set(";&|()"):
                for i, word in enumerate(segment):
                    if os.path.basename(word) == "ssm-preflight":
                        found.append(segment[i + 1:])
                        break
                segment = []
            else:
                segment.append(token)
    return found


def check_options(where, args):
    """Every option of `args` (after the program name) exists; returns (subcommand, options)."""
    if not args or args[0].startswith("-"):
        for a in args:
            if a.startswith("-") and a not in GLOBAL:
                fail(f"{where}: ssm-preflight {' '.join(args)}: unknown option {a}")
        return None, {}
    sub, rest = args[0], args[1:]
    options = {}
    i = 0
    while i < len(rest):
        a = rest[i]
        if a.startswith("-"):
            name, eq, value = a.partition("=")
            if sub == "check" and name not in LONG | SHORT:
                fail(f"{where}: ssm-preflight check: '{name}' is not an option of check --help")
            if not eq and i + 1 < len(rest) and not rest[i + 1].startswith("-"):
                value = rest[i + 1]
            if sub == "check" and name in CHOICES and value not in CHOICES[name]:
                fail(f"{where}: ssm-preflight check: {name} {value!r} is not one of "
                     f"{sorted(CHOICES[name])}")
            options[{"-o": "--output"}.get(name, name)] = value
        i += 1
    return sub, options


def checks_in(where, script):
    result = []
    for args in commands(script):
        sub, options = check_options(where, args)
        if sub == "check":
            result.append(options)
    return result


def github(path, doc):
    count = 0
    triggers = doc.get("on", doc.get(True))  # PyYAML reads a bare `on` key as true
    if isinstance(triggers, str):
        triggers = [triggers]
    for event in ("push", "pull_request"):
        if event not in (triggers or {}):
            fail(f"{path}: not run on {event}")
    uploads = 0
    for job_name, job in (doc.get("jobs") or {}).items():
        steps = job.get("steps") or []
        perms = {**(doc.get("permissions") or {}), **(job.get("permissions") or {})}
        sarif_steps, gates, upload_index = [], [], None
        for index, step in enumerate(steps):
            where = f"{path}: job {job_name}, step '{step.get('name', index)}'"
            for options in checks_in(where, step.get("run") or ""):
                count += 1
                if options.get("--format") == "sarif":
                    sarif_steps.append((index, options))
                elif options.get("--format") == "github":
                    gates.append((index, options))
            if str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif@"):
                uploads += 1
                upload_index = index
                if step["uses"] != "github/codeql-action/upload-sarif@v4":
                    fail(f"{where}: uses {step['uses']}, expected github/codeql-action/upload-sarif@v4")
                if str(step.get("if", "")).strip() not in ("always()", "${{ always() }}"):
                    fail(f"{where}: the upload step does not run with if: always()")
                settings = step.get("with") or {}
                if settings.get("category") != "ssm-preflight":
                    fail(f"{where}: category is {settings.get('category')!r}, expected 'ssm-preflight'")
                sarif_file = settings.get("sarif_file")
                before = [o for i, o in sarif_steps if i < index]
                if not before:
                    fail(f"{where}: no step before the upload writes SARIF with ssm-preflight check")
                for options in before:
                    written = options.get("--category", DEFAULT_CATEGORY)
                    if written != settings.get("category"):
                        fail(f"{where}: category {settings.get('category')!r} differs from the "
                             f"category the check step writes into the log ({written!r})")
                    if options.get("--output") != sarif_file:
                        fail(f"{where}: sarif_file {sarif_file!r} is not the file the check step "
                             f"writes ({options.get('--output')!r})")
                    if options.get("--fail-level") != "none":
                        fail(f"{where}: the SARIF step does not use --fail-level none")
                if perms.get("security-events") != "write":
                    fail(f"{path}: job {job_name} uploads SARIF without security-events: write")
        if upload_index is not None:
            if not any(i > upload_index and o.get("--fail-level") == "error" for i, o in gates):
                fail(f"{path}: job {job_name}: no step after the upload gates with "
                     "--format github --fail-level error")
    if uploads == 0:
        fail(f"{path}: no github/codeql-action/upload-sarif step")
    return count


def gitlab(path, doc):
    jobs = count = 0
    for job_name, job in doc.items():
        if not isinstance(job, dict) or "script" not in job:
            continue
        where = f"{path}: job {job_name}"
        script = "\n".join(str(line) for key in ("before_script", "script", "after_script")
                           for line in (job.get(key) or []))
        checks = checks_in(where, script)
        if not checks:
            continue
        jobs += 1
        count += len(checks)
        kept = (job.get("artifacts") or {}).get("paths") or []
        reports = (job.get("artifacts") or {}).get("reports") or {}
        quality = reports.get("codequality") or []
        quality = [quality] if isinstance(quality, str) else quality
        for options in checks:
            if options.get("--format") == "sarif" and options.get("--output") not in kept:
                fail(f"{where}: the SARIF log {options.get('--output')!r} is not kept as an artifact")
            if options.get("--format") == "gitlab" and options.get("--output") not in quality:
                fail(f"{where}: the Code Quality report {options.get('--output')!r} is not "
                     "artifacts:reports:codequality")
        if (job.get("artifacts") or {}).get("when") != "always":
            fail(f"{where}: artifacts are not kept when the job fails (when: always)")
    if jobs == 0:
        fail(f"{path}: no job runs ssm-preflight check")
    return count


names = sorted(n for n in os.listdir(ci_dir) if n.endswith((".yml", ".yaml"))) if os.path.isdir(ci_dir) else []
if "github-actions.yml" not in names:
    fail(f"no github-actions.yml in {ci_dir}")
for name in names:
    path = os.path.join(ci_dir, name)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as e:
        fail(f"{path}: not valid YAML: {e}")
        continue
    if not isinstance(doc, dict):
        fail(f"{path}: not a mapping")
        continue
    total = github(path, doc) if "jobs" in doc else gitlab(path, doc)
    print(f"{path}: {total} ssm-preflight check command line(s)")

if failures:
    print(f"{len(failures)} failure(s)", file=sys.stderr)
    sys.exit(1)
PY

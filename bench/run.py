#!/usr/bin/env python3
"""Benchmarks ssm-preflight as a whole process: wall time, peak memory and the time per stage.

    bench/run.py [--binary build/src/ssm-preflight] [--sizes 1,10,100,1000,10000,100000]
                 [--runs 5] [--keep DIR]

Measures the seed example, one CDK-synthesized template, the 19-stack cloud assembly, and a
generated parameter set (bench/generate.py) for each size in --sizes, and prints a Markdown
table: the median wall time of --runs runs, the largest peak resident set size, and the
median of each stage that `check --timings` reports. Sizes are instances; each step of the
series also reports its time ratio to the previous size. The three fixed inputs are measured
with text output (what a pre-commit hook or an editor reads) and with SARIF (which carries every
rule's help). At the largest size, two more rows: the same number of instances in one VPC behind
one broken endpoint group (a quadratic step in collecting a finding's causes would show), and
the set again with `--jobs 1` (files parsed one after the other), to show what parallel loading
gains.
A second table checks the figures against the project's targets. Needs only Python 3.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STAGES = ("load", "model", "facts", "rules", "report")


def measure(binary, args, runs, fmt="sarif"):
    walls, peaks, stages = [], [], {s: [] for s in STAGES}
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen([binary, "check", "--timings", "-q", "--format", fmt,
                                 "-o", os.devnull] + args,
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True)
        stderr = proc.stderr.read()
        proc.wait()
        walls.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            sys.exit("ssm-preflight failed (%d) on %s:\n%s" % (proc.returncode, args, stderr))
        # The process reports its own peak (VmHWM): the rusage of a child would include the
        # memory of the forked interpreter before exec.
        peaks.append(float(re.search(r"; peak ([0-9.]+) MiB", stderr).group(1)))
        m = re.search(r"timings: (.*?); total", stderr)
        for part in m.group(1).split(", "):
            name, value, _ = part.split(" ")
            stages[name].append(float(value))
    return (statistics.median(walls), max(peaks),
            {s: statistics.median(v) for s, v in stages.items()})


def row(label, wall, peak, stages, ratio=""):
    cells = [label, "%.1f ms" % (wall * 1000) if wall < 10 else "%.2f s" % wall,
             "%.1f MiB" % peak] + ["%.1f" % stages[s] for s in STAGES] + [ratio]
    return "| " + " | ".join(cells) + " |"


def print_targets(results, series, serial):
    """The targets of the project, each with the measured figure and whether it is met."""
    def verdict(ok):
        return "met" if ok else "**not met**"
    print()
    print("| target | measured | |")
    print("|---|---|---|")
    wall, peak, _ = results["seed example (5 files)"]
    print("| seed example under 5 ms and 10 MiB (text output) | %.1f ms, %.1f MiB | %s |" %
          (wall * 1000, peak, verdict(wall < 0.005 and peak < 10)))
    wall, peak, _ = results["one CDK template (GoodL2Endpoints, 10 KB)"]
    print("| one CDK template 10 times faster than cfn-guard's 70 ms | %.1f ms (%.0f times) | %s |"
          % (wall * 1000, 0.070 / wall, verdict(wall <= 0.007)))
    by_size = {n: (w, p, st) for n, w, p, st, _ in series}
    if 100000 in by_size:
        wall, peak, _ = by_size[100000]
        print("| 100,000 instances in 10,000 groups under 5 s and 2 GiB | %.2f s, %.0f MiB | %s |"
              % (wall, peak, verdict(wall < 5 and peak < 2048)))
    steps = [(n, w / prev_w) for (n, w, _, _, _), (_, prev_w, _, _, _) in zip(series[1:], series)]
    if steps:
        worst = max(r for _, r in steps)
        print("| 10 times the input costs at most 12 times the time | steps %s | %s |" %
              (", ".join("%.1f" % r for _, r in steps), verdict(worst <= 12)))
    large = [(n, st) for n, (_, _, st) in sorted(by_size.items()) if n >= 10000]
    if large:
        text = ", ".join("%d: %.0f + %.0f ms against %.0f ms" %
                         (n, st["facts"], st["rules"], st["load"]) for n, st in large)
        print("| facts and rules together below the loading time on large inputs | %s | %s |" %
              (text, verdict(all(st["facts"] + st["rules"] < st["load"] for _, st in large))))
    if serial and series:
        n, _, _, st, _ = series[-1]
        cores = os.cpu_count() or 1
        print("| a folder of many files loads in parallel on all cores (%d here) | load %.0f ms, "
              "%.0f ms with --jobs 1 (%.1f times faster) | %s |" %
              (cores, st["load"], serial[2]["load"], serial[2]["load"] / max(st["load"], 0.001),
               verdict(cores == 1 or st["load"] < serial[2]["load"] * 0.8)))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--binary", default=os.path.join(ROOT, "build", "src", "ssm-preflight"))
    p.add_argument("--sizes", default="1,10,100,1000,10000,100000")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--keep", help="write the generated sets here and keep them")
    a = p.parse_args()
    if not os.access(a.binary, os.X_OK):
        sys.exit("no binary at %s: run `make build` (or pass --binary)" % a.binary)
    work = a.keep or tempfile.mkdtemp(prefix="ssm-preflight-bench-")
    print("| input | wall (median) | peak RSS | load ms | model ms | facts ms | rules ms "
          "| report ms | x previous |")
    print("|---|---|---|---|---|---|---|---|---|")
    fixed = [
        ("seed example (5 files)", ["examples/seed-parameter-set"]),
        ("one CDK template (GoodL2Endpoints, 10 KB)",
         ["--region", "ap-northeast-1", "tests/fixtures/cdk/corpus/GoodL2Endpoints.template.json"]),
        ("cloud assembly (19 stacks)", ["tests/fixtures/cdk/corpus"]),
    ]
    results = {}
    for label, args in fixed:
        # Text, as a pre-commit hook or an editor runs it; SARIF (with every rule's help) too.
        results[label] = measure(a.binary, args, a.runs, "text")
        print(row(label + ", text", *results[label]), flush=True)
        print(row(label + ", SARIF", *measure(a.binary, args, a.runs)), flush=True)
    previous = None
    series = []  # (instances, wall, peak, stages, ratio)
    try:
        for n in [int(s) for s in a.sizes.split(",")]:
            folder = os.path.join(work, "n%d" % n)
            if not os.path.isdir(folder):
                subprocess.run([sys.executable, os.path.join(ROOT, "bench", "generate.py"),
                                folder, "--instances", str(n)], check=True)
            size = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))
            runs = a.runs if n < 100000 else max(1, min(a.runs, 3))
            wall, peak, stages = measure(a.binary, [folder], runs)
            ratio = "%.1f" % (wall / previous) if previous else ""
            previous = wall
            series.append((n, wall, peak, stages, wall / float(ratio) if ratio else None))
            print(row("%d instances, %d groups, %d files, %.1f MB" %
                      (n, max(1, n // 10), len(os.listdir(folder)), size / 1e6),
                      wall, peak, stages, ratio), flush=True)
        shared = None
        if series:
            # Every instance in one VPC behind one broken endpoint group: one finding about
            # half of them, so any quadratic step in collecting its causes would show.
            n = series[-1][0]
            folder = os.path.join(work, "one-vpc-%d" % n)
            if not os.path.isdir(folder):
                subprocess.run([sys.executable, os.path.join(ROOT, "bench", "generate.py"),
                                folder, "--instances", str(n), "--per-vpc", str(n)], check=True)
            shared = measure(a.binary, [folder], a.runs if n < 100000 else max(1, min(a.runs, 3)))
            print(row("%d instances in one VPC sharing one broken endpoint group" % n, *shared),
                  flush=True)
        serial = None
        if series:
            n = series[-1][0]
            folder = os.path.join(work, "n%d" % n)
            serial = measure(a.binary, ["--jobs", "1", folder],
                             a.runs if n < 100000 else max(1, min(a.runs, 3)))
            print(row("%d instances, --jobs 1 (files parsed one after the other)" % n, *serial),
                  flush=True)
        print_targets(results, series, serial)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Benchmarks ssm-preflight as a whole process: wall time, peak memory and the time per stage.

    bench/run.py [--binary build/src/ssm-preflight] [--sizes 1,10,100,1000,10000,100000]
                 [--runs 5] [--keep DIR]

Measures the seed example, one CDK-synthesized template, the 19-stack cloud assembly, and a
generated parameter set (bench/generate.py) for each size in --sizes, and prints a Markdown
table: the median wall time of --runs runs, the largest peak resident set size, and the
median of each stage that `check --timings` reports. Sizes are instances; each step of the
series also reports its time ratio to the previous size. Needs only Python 3.
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


def measure(binary, args, runs):
    walls, peaks, stages = [], [], {s: [] for s in STAGES}
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen([binary, "check", "--timings", "-q", "--format", "sarif",
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
        ("one CDK template (GoodL2Endpoints, 20 KB)",
         ["--region", "ap-northeast-1", "tests/fixtures/cdk/corpus/GoodL2Endpoints.template.json"]),
        ("cloud assembly (19 stacks)", ["tests/fixtures/cdk/corpus"]),
    ]
    for label, args in fixed:
        print(row(label, *measure(a.binary, args, a.runs)), flush=True)
    previous = None
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
            print(row("%d instances, %d groups, %d files, %.1f MB" %
                      (n, max(1, n // 10), len(os.listdir(folder)), size / 1e6),
                      wall, peak, stages, ratio), flush=True)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

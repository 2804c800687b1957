"""Shared by the PyTorch reference scripts: thread count, timing, BLAS detection, JSON output.

Each script reads the workload's sizes from `--params JSON` (the same object the TypeScript
suite uses), runs it with 2 threads, and prints one JSON object per line:
  {"kind": "info", ...}                                   which torch / BLAS ran
  {"kind": "result", "bench": ..., "value": ..., "unit": ...}
"""
import argparse
import json
import os
import statistics
import time

import torch


def setup():
    p = argparse.ArgumentParser()
    p.add_argument("--params", required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--quick", action="store_true")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    return json.loads(args.params), args


def blas_info():
    """Which BLAS this process mapped: the real file behind libblas.so.3, from /proc/self/maps."""
    libs = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                name = os.path.basename(path)
                if any(k in name for k in ("blas", "mkl", "blis", "lapack")):
                    libs.add(os.path.realpath(path))
    except OSError:
        pass
    joined = " ".join(sorted(libs))
    if "openblas" in joined:
        kind = "openblas"
    elif "mkl" in joined:
        kind = "mkl"
    elif "blis" in joined:
        kind = "blis"
    elif "/blas/" in joined or "libblas" in joined:
        kind = "reference"  # netlib reference BLAS: unoptimised, ~30x slower
    else:
        kind = "unknown"
    return kind, sorted(libs)


def emit_info(threads):
    # A product first, so a lazily loaded BLAS is in the maps.
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    kind, libs = blas_info()
    print(json.dumps({"kind": "info", "torch": torch.__version__, "threads": threads,
                      "blas": kind, "blasLibs": libs}), flush=True)


def emit(bench, value, unit, note=None):
    line = {"kind": "result", "bench": bench, "value": value, "unit": unit}
    if note:
        line["note"] = note
    print(json.dumps(line), flush=True)


def time_it(rep, warmup, reps):
    """Median seconds of `reps` timed calls after `warmup` untimed ones."""
    for _ in range(warmup):
        rep()
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        rep()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def plan(quick, full_warmup, full_reps, full_steps):
    if quick:
        return 1, 3, max(1, -(-full_steps // 3))
    return full_warmup, full_reps, full_steps


def time_sgd_steps(model, x, y, steps, warmup, reps):
    """Median seconds per `steps` SGD (lr 0.01) cross-entropy steps on one fixed batch.

    `loss.item()` at the end of each timed call waits for the last step, so the time covers it.
    """
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()

    def rep():
        for _ in range(steps):
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
        loss.item()

    return time_it(rep, warmup, reps)

"""PyTorch reference for bench/suites/matmul.ts: n×n float32 product (also numpy's sgemm)."""
import numpy as np
import torch

from _common import emit, emit_info, plan, setup, time_it

params, args = setup()
emit_info(args.threads)
n = params["n"]
warmup, reps, _ = plan(args.quick, 2, 7, 1)
a = torch.randn(n, n)
b = torch.randn(n, n)
sec = time_it(lambda: torch.mm(a, b), warmup, reps)
an, bn = a.numpy(), b.numpy()
sec_np = time_it(lambda: an @ bn, warmup, reps)
flops = 2 * n ** 3
emit(f"matmul-{n}", flops / sec / 1e9, "GFLOP/s",
     f"{sec * 1e3:.1f} ms; numpy sgemm {flops / sec_np / 1e9:.0f} GFLOP/s")

"""PyTorch reference for bench/suites/gnn.ts: GIN-style step with index_select + index_add_."""
import torch

from _common import emit, emit_info, plan, setup, time_it

params, args = setup()
emit_info(args.threads)
n, e, f = params["nodes"], params["edges"], params["features"]
warmup, reps, steps = plan(args.quick, 2, 7, 5)
src = torch.randint(0, n, (e,))
dst = torch.randint(0, n, (e,))
h = torch.randn(n, f, requires_grad=True)
w = (torch.randn(f, f) / f ** 0.5).requires_grad_()
opt = torch.optim.SGD([h, w], lr=0.01)


def rep():
    for _ in range(steps):
        opt.zero_grad()
        agg = torch.zeros(n, f).index_add_(0, dst, h.index_select(0, src))
        loss = torch.relu((h + agg) @ w).square().mean()
        loss.backward()
        opt.step()
    loss.item()


sec = time_it(rep, warmup, reps)
emit(f"gnn-n{n}-e{e}-f{f}", steps / sec, "steps/s", f"{sec / steps * 1e3:.2f} ms/step")

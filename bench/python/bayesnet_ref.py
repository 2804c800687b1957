"""PyTorch reference for bench/suites/bayesnet.ts: YODO all-parameter sensitivity.

The TypeScript suite exports each network's contraction (CPTs, evidence, target and the exact
sequence of elimination steps it runs) to <exportDir>/<net>.json. This script replays the same
steps with float64 torch.einsum, takes the gradients of P(y, e) and P(e) by two autograd backward
passes (as YODO does), and computes the same per-parameter metrics (covaried slopes, the
coefficients c1..c4, f'(θ0), vertex proximity), vectorised over CPT rows grouped by cardinality.
One timed repetition = forward + both backward passes + metrics.
"""
import json
import os
import statistics
import time

import torch

from _common import emit, emit_info, setup

params, args = setup()
emit_info(args.threads)
reps = int(params["reps"])
warmup = 1 if args.quick else 3


def load(name):
    with open(os.path.join(params["exportDir"], name + ".json")) as f:
        spec = json.load(f)
    cards = spec["cards"]
    leaves = {}
    for c in spec["cpts"]:
        shape = [cards[a] for a in c["axes"]]
        t = torch.tensor(c["values"], dtype=torch.float64).reshape(shape).requires_grad_()
        leaves[c["var"]] = (t, c["axes"])
    return spec, leaves


def make_forward(spec, leaves):
    evidence = {v: s for v, s in spec["evidence"]}
    steps = spec["steps"]

    def forward():
        bufs = {}
        for v, (t, axes) in leaves.items():
            index = tuple(evidence[a] if a in evidence else slice(None) for a in axes)
            bufs[v] = (t[index], [a for a in axes if a not in evidence])
        for st in steps:
            local = {}
            operands = []
            for b in st["inputs"]:
                t, vs = bufs.pop(b)
                operands += [t, [local.setdefault(v, len(local)) for v in vs]]
            out = torch.einsum(*operands, [local.setdefault(v, len(local)) for v in st["outVars"]])
            bufs[st["out"]] = (out, st["outVars"])
        return bufs[spec["result"]][0]

    return forward


def make_metrics(leaves, cards):
    """Rows of all CPTs with the same cardinality, stacked, so each metric is one tensor op."""
    groups = {}
    for v, (t, _axes) in leaves.items():
        groups.setdefault(cards[v], []).append(v)
    thetas = {card: torch.cat([leaves[v][0].detach().reshape(-1, card) for v in vs]) for card, vs in groups.items()}

    def slopes(theta, g, card):
        dot = (theta * g).sum(-1, keepdim=True)
        rest = theta.sum(-1, keepdim=True) - theta
        other = dot - theta * g
        uniform = g - (g.sum(-1, keepdim=True) - g) / max(card - 1, 1)
        return torch.where(rest > 0, g - other / rest.clamp_min(1e-300), uniform)

    def metrics(grads_n, grads_d, p_n, p_d):
        out = []
        for card, vs in groups.items():
            theta = thetas[card]
            gn = torch.cat([grads_n[v].reshape(-1, card) for v in vs])
            gd = torch.cat([grads_d[v].reshape(-1, card) for v in vs])
            c1 = slopes(theta, gn, card) / p_d
            c3 = slopes(theta, gd, card) / p_d
            c2 = p_n / p_d - c1 * theta
            c4 = 1 - c3 * theta
            derivative = c1 * c4 - c2 * c3
            s = -c4 / c3
            r = (c2 * c3 - c1 * c4) / (c3 * c3)
            vertex = torch.where(s < 0, s + r.abs().sqrt(), s - r.abs().sqrt())
            proximity = (theta - vertex).abs()
            out.append((derivative.abs(), proximity))
        return out

    return metrics


for name in params["networks"].split(","):
    spec, leaves = load(name)
    forward = make_forward(spec, leaves)
    metrics = make_metrics(leaves, spec["cards"])
    order = list(leaves.keys())
    tensors = [leaves[v][0] for v in order]
    result = {}

    def rep():
        joint = forward()
        p_n = joint[spec["targetState"]]
        p_d = joint.sum()
        g_n = torch.autograd.grad(p_n, tensors, retain_graph=True)
        g_d = torch.autograd.grad(p_d, tensors)
        with torch.no_grad():
            result["m"] = metrics(dict(zip(order, g_n)), dict(zip(order, g_d)), p_n.detach(), p_d.detach())

    for _ in range(warmup):
        rep()
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        rep()
        samples.append(time.perf_counter() - t0)
    seconds = statistics.median(samples)
    count = sum(t.numel() for t in tensors)
    checksum = sum(float(sv.sum()) for sv, _ in result["m"])
    note = f"{seconds * 1000:.2f} ms (best {min(samples) * 1000:.2f}) for {count} parameters; Σ|f'| = {checksum:.6g}"
    emit(f"yodo-{name}", count / seconds, "params/s", note)

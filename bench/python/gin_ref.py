"""PyTorch reference for bench/suites/gnn-epoch.ts: one GIN-0 training epoch on a TU set.

Plain torch, no PyG: the TU files are read with numpy, graphs packed block-diagonally per batch
(node offsets, node->graph index), neighbour sums by index_add_, readout by index_add_ over the
graph index. The network is the paper's (and the TypeScript suite's): `layers` representations
(layers-1 GIN layers), MLP = Linear, BatchNorm1d, ReLU, Linear, then BatchNorm1d, ReLU; sum
readout of every representation through its own Linear, dropout 0.5, summed; Adam lr 0.01.
One timed repetition = one shuffled epoch in batches of `batch` graphs.
"""
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from _common import emit, emit_info, plan, setup, time_it

params, args = setup()
emit_info(args.threads)
name, root = params["dataset"], params["root"]
hidden, layers, batch = params["hidden"], params["layers"], params["batch"]


def read(part, dtype=np.int64):
    return np.loadtxt(os.path.join(root, name, f"{name}_{part}.txt"), delimiter=",", dtype=dtype, ndmin=1)


indicator = read("graph_indicator") - 1
edges = read("A").reshape(-1, 2) - 1
labels = read("graph_labels")
node_labels = read("node_labels")
_, y_all = np.unique(labels, return_inverse=True)
_, tag = np.unique(node_labels, return_inverse=True)
x_all = torch.from_numpy(np.eye(tag.max() + 1, dtype=np.float32)[tag])
num_graphs = int(indicator.max()) + 1
node_start = np.searchsorted(indicator, np.arange(num_graphs + 1))
edge_graph = indicator[edges[:, 0]]
order = np.argsort(edge_graph, kind="stable")
edges = edges[order]
edge_start = np.searchsorted(edge_graph[order], np.arange(num_graphs + 1))


def make_batch(ids):
    xs, src, dst, gi = [], [], [], []
    offset = 0
    for i, g in enumerate(ids):
        lo, hi = node_start[g], node_start[g + 1]
        e = edges[edge_start[g]:edge_start[g + 1]] - lo + offset
        xs.append(x_all[lo:hi])
        src.append(e[:, 0])
        dst.append(e[:, 1])
        gi.append(np.full(hi - lo, i))
        offset += hi - lo
    return (torch.cat(xs), torch.from_numpy(np.concatenate(src)), torch.from_numpy(np.concatenate(dst)),
            torch.from_numpy(np.concatenate(gi)), torch.from_numpy(y_all[ids]))


class GIN(nn.Module):
    def __init__(self, d_in, classes):
        super().__init__()
        widths = [d_in] + [hidden] * (layers - 1)
        self.mlps = nn.ModuleList(nn.Sequential(nn.Linear(widths[l], hidden), nn.BatchNorm1d(hidden), nn.ReLU(),
                                                nn.Linear(hidden, hidden)) for l in range(layers - 1))
        self.norms = nn.ModuleList(nn.BatchNorm1d(hidden) for _ in range(layers - 1))
        self.readouts = nn.ModuleList(nn.Linear(w, classes) for w in widths)

    def forward(self, x, src, dst, gi, n_graphs):
        reps = [x]
        h = x
        for mlp, norm in zip(self.mlps, self.norms):
            agg = h.clone().index_add_(0, dst, h.index_select(0, src))  # (1 + 0)·h + Σ neighbours
            h = F.relu(norm(mlp(agg)))
            reps.append(h)
        score = 0
        for r, lin in zip(reps, self.readouts):
            pooled = torch.zeros(n_graphs, r.shape[1]).index_add_(0, gi, r)
            score = score + F.dropout(lin(pooled), 0.5, self.training)
        return score


model = GIN(x_all.shape[1], int(y_all.max()) + 1)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
gen = np.random.default_rng(0)
warmup, reps, epochs = plan(args.quick, 1, 3, 1)


def rep():
    model.train()
    for _ in range(epochs):
        perm = gen.permutation(num_graphs)
        for s in range(0, num_graphs, batch):
            ids = perm[s:s + batch]
            x, src, dst, gi, y = make_batch(ids)
            opt.zero_grad()
            loss = F.cross_entropy(model(x, src, dst, gi, len(ids)), y)
            loss.backward()
            opt.step()
    loss.item()


sec = time_it(rep, warmup, reps)
steps = -(-num_graphs // batch)
emit(f"gin-epoch-{name.lower()}-h{hidden}-b{batch}", epochs / sec, "epochs/s", f"{sec / epochs * 1e3:.0f} ms/epoch, {steps} steps")

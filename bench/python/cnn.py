"""PyTorch reference for bench/suites/cnn.ts: the same small CNN (NCHW, PyTorch's native layout)."""
import torch
from torch import nn

from _common import emit, emit_info, plan, setup, time_sgd_steps

params, args = setup()
emit_info(args.threads)
batch, size, (c1, c2) = params["batch"], params["size"], params["conv"]
hidden, classes = params["hidden"], params["classes"]
warmup, reps, steps = plan(args.quick, 2, 7, 5)
model = nn.Sequential(
    nn.Conv2d(1, c1, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(c1, c2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear((size // 4) ** 2 * c2, hidden), nn.ReLU(), nn.Linear(hidden, classes),
)
x = torch.randn(batch, 1, size, size)
y = torch.randint(0, classes, (batch,))
sec = time_sgd_steps(model, x, y, steps, warmup, reps)
emit(f"cnn-c{c1}-c{c2}-d{hidden}-b{batch}", steps / sec, "steps/s", f"{sec / steps * 1e3:.1f} ms/step")

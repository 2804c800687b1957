"""PyTorch reference for bench/suites/mlp.ts: MLP train steps/s (relu, softmax CE, SGD)."""
import torch

from _common import emit, emit_info, plan, setup, time_sgd_steps

params, args = setup()
emit_info(args.threads)
layers, batch = params["layers"], params["batch"]
warmup, reps, steps = plan(args.quick, 3, 7, 10)
mods = []
for i, out in enumerate(layers[1:]):
    mods.append(torch.nn.Linear(layers[i], out))
    if i < len(layers) - 2:
        mods.append(torch.nn.ReLU())
model = torch.nn.Sequential(*mods)
x = torch.randn(batch, layers[0])
y = torch.randint(0, layers[-1], (batch,))
sec = time_sgd_steps(model, x, y, steps, warmup, reps)
emit(f"mlp-{'-'.join(map(str, layers))}-b{batch}", steps / sec, "steps/s", f"{sec / steps * 1e3:.1f} ms/step")

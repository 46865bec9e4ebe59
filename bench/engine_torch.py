"""PyTorch baseline for `npm run bench -- engine`: the fmnist-cnn architecture (same layer
shapes, random weights), forward and input-gradient times on the CPU. Prints JSON.
Run with Debian's interpreter: /usr/bin/python3 bench/engine_torch.py [threads]"""
import json
import sys

import torch
import torch.nn as nn
from torch_timing import median_ms

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.set_num_threads(threads)
torch.manual_seed(0)

net = nn.Sequential(
    nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(7 * 7 * 64, 128), nn.ReLU(), nn.Linear(128, 10),
).eval()


out = {"threads": threads, "torch": torch.__version__, "results": {}}
for batch in (1, 50):
    x = torch.rand(batch, 1, 28, 28)

    def forward():
        with torch.no_grad():
            net(x)

    def input_grad():
        xx = x.clone().requires_grad_(True)
        logits = net(xx)
        # saliency: gradient of each example's top logit w.r.t. its input
        logits.gather(1, logits.argmax(1, keepdim=True)).sum().backward()
        return xx.grad

    out["results"][str(batch)] = {"forward": median_ms(forward), "inputGrad": median_ms(input_grad)}
print(json.dumps(out))

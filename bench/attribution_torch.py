"""PyTorch baseline for `npm run bench -- attribution`: plain implementations of saliency,
integrated gradients (50 Gauss-Legendre steps, one batch) and SmoothGrad (20 noisy copies,
one batch), one image per call, on
- fmnist-cnn: its architecture with Glassbox's own weights read from the model's TF.js
  files (MODEL is the model.json);
- resnet18_w16: the ONNX fixture's network rebuilt by scripts/export_onnx_fixtures.py with
  the seeds it was exported with (MODEL is the fixture folder; the fixture's stored output
  is compared to check the weights).
Prints JSON with median milliseconds and the logits of a probe input (so the caller can
check that both sides run the same weights).
Run with Debian's interpreter: /usr/bin/python3 bench/attribution_torch.py THREADS NAME MODEL"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
from torch_timing import median_ms

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
name = sys.argv[2] if len(sys.argv) > 2 else "fmnist-cnn"
model_path = sys.argv[3] if len(sys.argv) > 3 else None
torch.set_num_threads(threads)
torch.manual_seed(0)

cnn = nn.Sequential(
    nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(7 * 7 * 64, 128), nn.ReLU(), nn.Linear(128, 10),
).eval()


def load_tfjs_weights(path):
    """TF.js layers weights -> torch: conv [kh,kw,in,out] -> [out,in,kh,kw]; dense [in,out] ->
    [out,in]; fc1's inputs reordered from TF's (h, w, c) flattening to torch's (c, h, w)."""
    spec = json.load(open(path))
    manifest = spec["weightsManifest"][0]
    blob = b"".join(open(os.path.join(os.path.dirname(path), p), "rb").read() for p in manifest["paths"])
    arrays, offset = {}, 0
    for w in manifest["weights"]:
        n = int(np.prod(w["shape"]))
        arrays[w["name"]] = np.frombuffer(blob, np.float32, n, offset).reshape(w["shape"])
        offset += 4 * n
    fc1 = arrays["fc1/kernel"].reshape(7, 7, 64, 128).transpose(2, 0, 1, 3).reshape(3136, 128)
    params = [
        arrays["conv1/kernel"].transpose(3, 2, 0, 1), arrays["conv1/bias"],
        arrays["conv2/kernel"].transpose(3, 2, 0, 1), arrays["conv2/bias"],
        fc1.T, arrays["fc1/bias"], arrays["logits/kernel"].T, arrays["logits/bias"],
    ]
    with torch.no_grad():
        for p, a in zip(cnn.parameters(), params):
            p.copy_(torch.from_numpy(np.array(a, dtype=np.float32)))


def resnet_fixture(folder):
    """The exporter's ResNet-18 (width 16) with the exporter's seeds; checked on its stored output."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
    import export_onnx_fixtures as fx

    model = fx.build("resnet18_w16", 2)
    gen = torch.Generator().manual_seed(1)
    with torch.no_grad():
        fx.randomize_norms(model, gen)
    model.eval()
    x = torch.from_numpy(np.load(os.path.join(folder, "resnet18_w16.input.npy")))
    want = np.load(os.path.join(folder, "resnet18_w16.output.npy"))
    with torch.no_grad():
        got = model(x).numpy()
    return model, float(np.abs(got - want).max())


fixture_error = None
if name == "resnet18_w16":
    net, fixture_error = resnet_fixture(model_path)
    shape = (3, 64, 64)
else:
    if model_path:
        load_tfjs_weights(model_path)
    net, shape = cnn, (1, 28, 28)


x = torch.rand(1, *shape)
with torch.no_grad():
    target = int(net(x).argmax(1))
nodes, weights = np.polynomial.legendre.leggauss(50)
alphas = torch.tensor((nodes + 1) / 2, dtype=torch.float32).view(-1, 1, 1, 1)
ig_weights = torch.tensor(weights / 2, dtype=torch.float32).view(-1, 1, 1, 1)


def grad_of(inputs):
    inputs = inputs.clone().requires_grad_(True)
    net(inputs)[:, target].sum().backward()
    return inputs.grad


def saliency():
    return grad_of(x).abs()


def integrated_gradients():
    baseline = torch.zeros_like(x)
    g = grad_of(baseline + alphas * (x - baseline))
    return (x - baseline) * (ig_weights * g).sum(0, keepdim=True)


def smoothgrad():
    sigma = 0.15 * float(x.max() - x.min())
    g = grad_of(x + sigma * torch.randn(20, *shape))
    return g.abs().mean(0, keepdim=True)


size = int(np.prod(shape))
probe = (torch.arange(size, dtype=torch.float32) / size).view(1, *shape)
with torch.no_grad():
    probe_logits = net(probe)[0].tolist()
out = {
    "threads": threads,
    "torch": torch.__version__,
    "model": name,
    "weights": "fixture seeds" if fixture_error is not None else "glassbox" if model_path else "random",
    "fixtureError": fixture_error,
    "probeLogits": probe_logits,
    "results": {
        "saliency": median_ms(saliency),
        "integrated-gradients": median_ms(integrated_gradients),
        "smoothgrad": median_ms(smoothgrad),
    },
}
print(json.dumps(out))

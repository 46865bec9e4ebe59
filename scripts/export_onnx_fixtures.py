#!/usr/bin/python3
"""Exports the small PyTorch models the ONNX importer is tested on, with fixed seeds.

Run with Debian's interpreter, which has python3-torch (the `python3` first on PATH may not):
    /usr/bin/python3 scripts/export_onnx_fixtures.py [OUT_DIR] [--full-resnet18] [--only=NAME]

For each model NAME it writes NAME.onnx, NAME.input.npy (a batch of 2, float32) and
NAME.output.npy (PyTorch's output for that batch, float32) to OUT_DIR (default
test/fixtures/onnx). The batch dimension is symbolic in every file. Models are random
(no pretrained weights), and small so that each file stays well under 5 MB:

- small_cnn      conv-batchnorm-relu-maxpool x2, global average pool, linear, softmax (3x32x32);
                 its BatchNormalization nodes are kept (the others fold them into the convs)
- resnet18_w16   ResNet-18's structure (BasicBlock x [2,2,2,2], stride-2 stages, 1x1
                 projection shortcuts) at 1/4 of its width: 16-32-64-128 channels (3x64x64)
- mobilenet_v2s  MobileNetV2's inverted residual blocks (depthwise 3x3 convolutions, ReLU6,
                 linear bottlenecks) at width 0.35 with a 256-wide head (3x64x64)
- lstm           2-layer LSTM (batch first), linear head on the last step (8 steps x 4)
- gru            2-layer GRU (batch first), linear head on the last step (8 steps x 4)
- transformer    one nn.TransformerEncoderLayer (d_model 32, 4 heads, GELU, opset 17:
                 LayerNormalization, MatMul, Softmax, Erf), mean-pooled, linear head (10 x 32)

--full-resnet18 also writes resnet18_full.onnx (64-128-256-512 channels, ~45 MB, 3x224x224)
for benchmarks: keep it out of git (OUT_DIR should then be a gitignored folder).
--only=NAME writes just that model (e.g. --only=resnet18_full, as bench/onnx.ts does).
"""
import sys

import numpy as np
import torch
from torch import nn


def conv_bn(cin, cout, k, stride=1, groups=1, act=nn.ReLU):
    layers = [nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]
    return nn.Sequential(*layers, act()) if act else nn.Sequential(*layers)


class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            conv_bn(3, 8, 3), nn.MaxPool2d(2), conv_bn(8, 16, 3), nn.MaxPool2d(2), nn.AdaptiveAvgPool2d(1)
        )
        self.head = nn.Linear(16, 10)

    def forward(self, x):
        return torch.softmax(self.head(torch.flatten(self.features(x), 1)), dim=1)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = nn.Sequential(conv_bn(cin, cout, 3, stride), conv_bn(cout, cout, 3, act=None))
        self.short = conv_bn(cin, cout, 1, stride, act=None) if stride != 1 or cin != cout else nn.Identity()

    def forward(self, x):
        return torch.relu(self.body(x) + self.short(x))


class ResNet18(nn.Module):
    def __init__(self, widths, classes):
        super().__init__()
        w = widths
        self.stem = nn.Sequential(conv_bn(3, w[0], 7, 2), nn.MaxPool2d(3, 2, 1))
        stages, cin = [], w[0]
        for i, c in enumerate(w):
            stages += [BasicBlock(cin, c, 1 if i == 0 else 2), BasicBlock(c, c, 1)]
            cin = c
        self.stages = nn.Sequential(*stages)
        self.head = nn.Linear(cin, classes)

    def forward(self, x):
        x = self.stages(self.stem(x))
        return self.head(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, expand):
        super().__init__()
        mid = cin * expand
        layers = [conv_bn(cin, mid, 1, act=nn.ReLU6)] if expand != 1 else []
        layers += [conv_bn(mid, mid, 3, stride, groups=mid, act=nn.ReLU6), conv_bn(mid, cout, 1, act=None)]
        self.body = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        return x + self.body(x) if self.residual else self.body(x)


class MobileNetV2Small(nn.Module):
    # (expansion, channels, repeats, stride) of MobileNetV2, channels scaled by `width`
    CONFIG = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]

    def __init__(self, width=0.35, head=256, classes=10):
        super().__init__()
        ch = lambda c: max(8, int(c * width + 4) // 8 * 8)  # noqa: E731 (multiples of 8, as MobileNetV2)
        cin = ch(32)
        blocks = [conv_bn(3, cin, 3, 2, act=nn.ReLU6)]
        for t, c, n, s in self.CONFIG:
            for i in range(n):
                blocks.append(InvertedResidual(cin, ch(c), s if i == 0 else 1, t))
                cin = ch(c)
        blocks.append(conv_bn(cin, head, 1, act=nn.ReLU6))
        self.features = nn.Sequential(*blocks)
        self.head = nn.Linear(head, classes)

    def forward(self, x):
        return self.head(self.features(x).mean(dim=(2, 3)))


class Recurrent(nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.rnn = cell(input_size=4, hidden_size=16, num_layers=2, batch_first=True)
        self.head = nn.Linear(16, 3)

    def forward(self, x):
        y, _ = self.rnn(x)
        return self.head(y[:, -1])


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(32, 4, 64, dropout=0.0, activation='gelu', batch_first=True)
        self.head = nn.Linear(32, 5)

    def forward(self, x):
        return self.head(self.layer(x).mean(dim=1))


def randomize_norms(model, gen):
    """Non-trivial BatchNorm statistics, so that the exported normalization is exercised."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.copy_(torch.randn(m.num_features, generator=gen) * 0.1)
            m.running_var.copy_(torch.rand(m.num_features, generator=gen) + 0.5)
            m.weight.data.copy_(torch.rand(m.num_features, generator=gen) + 0.5)
            m.bias.data.copy_(torch.randn(m.num_features, generator=gen) * 0.1)


def export(name, model, shape, out_dir, opset=13, seed=0, fuse_bn=True):
    gen = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        randomize_norms(model, gen)
    model.eval()
    x = torch.randn(2, *shape, generator=gen)
    with torch.no_grad():
        y = model(x)
    path = f'{out_dir}/{name}.onnx'
    torch.onnx.export(
        model,
        x,
        path,
        opset_version=opset,
        input_names=['input'],
        output_names=['output'],
        dynamic_axes={'input': {0: 'batch'}, 'output': {0: 'batch'}},
        # EVAL folds BatchNorm into the convolutions; PRESERVE (of a model in eval mode)
        # keeps BatchNormalization nodes with running statistics
        training=torch.onnx.TrainingMode.EVAL if fuse_bn else torch.onnx.TrainingMode.PRESERVE,
    )
    np.save(f'{out_dir}/{name}.input.npy', x.numpy().astype(np.float32))
    np.save(f'{out_dir}/{name}.output.npy', y.numpy().astype(np.float32))
    params = sum(p.numel() for p in model.parameters())
    print(f'{path}: {params} parameters, input {list(x.shape)}, output {list(y.shape)}')


def build(name, seed):
    torch.manual_seed(seed)
    return {
        'small_cnn': lambda: SmallCNN(),
        'resnet18_w16': lambda: ResNet18([16, 32, 64, 128], 10),
        'resnet18_full': lambda: ResNet18([64, 128, 256, 512], 1000),
        'mobilenet_v2s': lambda: MobileNetV2Small(),
        'lstm': lambda: Recurrent(nn.LSTM),
        'gru': lambda: Recurrent(nn.GRU),
        'transformer': lambda: Encoder(),
    }[name]()


# name: (seed, input shape without batch, export options)
MODELS = {
    'small_cnn': (1, (3, 32, 32), {'fuse_bn': False}),
    'resnet18_w16': (2, (3, 64, 64), {}),
    'mobilenet_v2s': (3, (3, 64, 64), {}),
    'lstm': (4, (8, 4), {}),
    'gru': (5, (8, 4), {}),
    'transformer': (6, (10, 32), {'opset': 17}),
    'resnet18_full': (7, (3, 224, 224), {}),
}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    out_dir = args[0] if args else 'test/fixtures/onnx'
    only = [a.split('=', 1)[1] for a in sys.argv[1:] if a.startswith('--only=')]
    names = only or [n for n in MODELS if n != 'resnet18_full' or '--full-resnet18' in sys.argv]
    for name in names:
        if name not in MODELS:
            sys.exit(f'unknown model {name!r}: one of {", ".join(MODELS)}')
        seed, shape, opts = MODELS[name]
        export(name, build(name, seed), shape, out_dir, **opts)


if __name__ == '__main__':
    main()

"""Timing helper shared by the PyTorch baselines in bench/ (warm-up, then the median)."""
import time


def median_ms(f, warmup=3, runs=15):
    for _ in range(warmup):
        f()
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        f()
        ts.append((time.perf_counter() - t) * 1000)
    ts.sort()
    return ts[len(ts) // 2]

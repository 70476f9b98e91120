"""The PyTorch peer of `wgan-gp bench`: the same WGAN-GP iteration (BENCH_SPEC.md) written the usual
PyTorch way (nn.Sequential, autograd.grad with create_graph=True for the penalty, torch.optim.Adam).
Prints one JSON line per iteration, like the TF.js peer.
argv: config warmup iterations budget_ms threads
"""
import json
import resource
import sys
import time

import torch
from torch import nn

DIM = {"toy": 512, "mnist": 64, "cifar": 128}


def models(config):
    if config == "toy":
        mlp = lambda i, o: nn.Sequential(nn.Linear(i, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(),
                                         nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, o))
        return mlp(2, 2), mlp(2, 1), dict(batch=256, z=2, lam=0.1, shape=(2,))
    if config == "mnist":
        d = 64
        G = nn.Sequential(nn.Linear(128, 4 * 4 * 4 * d), nn.ReLU(), nn.Unflatten(1, (4 * d, 4, 4)),
                          nn.ConvTranspose2d(4 * d, 2 * d, 5, 2, 2, 1), nn.ReLU(), Crop(),
                          nn.ConvTranspose2d(2 * d, d, 5, 2, 2, 1), nn.ReLU(),
                          nn.ConvTranspose2d(d, 1, 5, 2, 2, 1), nn.Sigmoid())
        D = nn.Sequential(nn.Conv2d(1, d, 5, 2, 2), nn.LeakyReLU(0.2), nn.Conv2d(d, 2 * d, 5, 2, 2), nn.LeakyReLU(0.2),
                          nn.Conv2d(2 * d, 4 * d, 5, 2, 2), nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(4 * 4 * 4 * d, 1))
        return G, D, dict(batch=50, z=128, lam=10.0, shape=(1, 28, 28))
    d = 128
    G = nn.Sequential(nn.Linear(128, 4 * 4 * 4 * d), nn.BatchNorm1d(4 * 4 * 4 * d), nn.ReLU(), nn.Unflatten(1, (4 * d, 4, 4)),
                      nn.ConvTranspose2d(4 * d, 2 * d, 5, 2, 2, 1), nn.BatchNorm2d(2 * d), nn.ReLU(),
                      nn.ConvTranspose2d(2 * d, d, 5, 2, 2, 1), nn.BatchNorm2d(d), nn.ReLU(),
                      nn.ConvTranspose2d(d, 3, 5, 2, 2, 1), nn.Tanh())
    D = nn.Sequential(nn.Conv2d(3, d, 5, 2, 2), nn.LeakyReLU(0.2), nn.Conv2d(d, 2 * d, 5, 2, 2), nn.LeakyReLU(0.2),
                      nn.Conv2d(2 * d, 4 * d, 5, 2, 2), nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(4 * 4 * 4 * d, 1))
    return G, D, dict(batch=64, z=128, lam=10.0, shape=(3, 32, 32))


class Crop(nn.Module):
    """gan_mnist.py crops the 8x8 map to 7x7."""

    def forward(self, x):
        return x[:, :, :7, :7]


def main():
    config, warmup, iterations, budget_ms, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    torch.set_num_threads(threads)
    G, D, c = models(config)
    opt_g = torch.optim.Adam(G.parameters(), lr=1e-4, betas=(0.5, 0.9))
    opt_d = torch.optim.Adam(D.parameters(), lr=1e-4, betas=(0.5, 0.9))
    batch, lam = c["batch"], c["lam"]
    reals = [torch.rand(batch, *c["shape"]) * 2 - 1 for _ in range(5)]

    def critic_step(real):
        with torch.no_grad():
            fake = G(torch.randn(batch, c["z"]))
        eps = torch.rand(batch, *([1] * len(c["shape"])))
        xhat = (eps * real + (1 - eps) * fake).requires_grad_(True)
        grad, = torch.autograd.grad(D(xhat).sum(), xhat, create_graph=True)
        penalty = lam * ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()
        loss = D(fake).mean() - D(real).mean() + penalty
        opt_d.zero_grad(set_to_none=True)
        loss.backward()
        opt_d.step()

    def generator_step():
        for p in D.parameters():
            p.requires_grad_(False)
        loss = -D(G(torch.randn(batch, c["z"]))).mean()
        opt_g.zero_grad(set_to_none=True)
        loss.backward()
        opt_g.step()
        for p in D.parameters():
            p.requires_grad_(True)

    def iteration(phase):
        t0 = time.perf_counter()
        for real in reals:
            critic_step(real)
        t1 = time.perf_counter()
        generator_step()
        t2 = time.perf_counter()
        print(json.dumps({"phase": phase, "ms": (t2 - t0) * 1e3, "criticMs": (t1 - t0) * 1e3 / len(reals),
                          "genMs": (t2 - t1) * 1e3, "rssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)

    print(json.dumps({"note": f"PyTorch {torch.__version__}, {threads} threads"}), flush=True)
    start = time.perf_counter()
    elapsed_ms = lambda: (time.perf_counter() - start) * 1e3
    for i in range(warmup):
        if i and elapsed_ms() >= budget_ms / 4:
            break
        iteration("warmup")
    for i in range(iterations):
        if i and elapsed_ms() >= budget_ms:
            break
        iteration("timed")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # reported as the peer's error row
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}), flush=True)
        sys.exit(1)

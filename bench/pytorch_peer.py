"""The PyTorch peer of `wgan-gp bench`: the same WGAN-GP iteration (BENCHMARKS.md) written the usual
PyTorch way (nn.Sequential, autograd.grad with create_graph=True for the penalty, torch.optim.Adam).
Prints one JSON line per iteration, like the TF.js peer.
argv: config warmup iterations budget_ms threads [device [check.safetensors]]
With a check file (the critic's weights in wgan-gp's state_dict names, a batch real/fake/epsilon and lambda),
the peer first computes the critic loss and penalty on it and prints {"check": {...}} for wgan-gp to compare.
device: cpu (default); cuda (eager on GPU 0); cuda-graph (the 5 critic steps and the generator step each
captured once as a CUDA graph and replayed, Adam with capturable=True). On the GPU, TF32 is off for
matmuls and cuDNN convolutions, so both sides compute in float32 as wgan-gp does.
"""
import json
import resource
import sys
import time

import torch
from torch import nn

DIM = {"toy": 512, "mnist": 64, "cifar": 128, "cifar-resnet": 128}


class Residual(nn.Module):
    """y = shortcut(x) + scale * body(x), named like wgan-gp's residual layer: '<i>.body.<j>', '<i>.shortcut.<j>'."""

    def __init__(self, body, shortcut=None, scale=1.0):
        super().__init__()
        self.body = nn.Sequential(*body)
        self.shortcut = nn.Sequential(*shortcut) if shortcut else None
        self.scale = scale

    def forward(self, x):
        return (x if self.shortcut is None else self.shortcut(x)) + self.scale * self.body(x)


class SameConv2d(nn.Conv2d):
    """TensorFlow's 'same' padding (an odd total's extra row and column after), as gan_mnist.py, gan_cifar.py
    and wgan-gp pad; nn.Conv2d's padding=2 pads both sides equally and computes another function."""

    def forward(self, x):
        pads = []
        for size, k, s in zip(x.shape[:1:-1], self.kernel_size[::-1], self.stride[::-1]):
            total = max((-(-size // s) - 1) * s + k - size, 0)
            pads += [total // 2, total - total // 2]
        return nn.functional.conv2d(nn.functional.pad(x, pads), self.weight, self.bias, self.stride)


class GlobalMean(nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3))


def cifar_resnet():
    """gan_cifar_resnet.py (unconditional), as wgan-gp's cifar-resnet preset builds it."""
    d = 128
    conv = lambda i, o, k: nn.Conv2d(i, o, k, 1, k // 2)
    up = lambda: nn.Upsample(scale_factor=2, mode="nearest")
    up_block = lambda: Residual([nn.BatchNorm2d(d), nn.ReLU(), up(), conv(d, d, 3), nn.BatchNorm2d(d), nn.ReLU(), conv(d, d, 3)],
                                [up(), conv(d, d, 1)])
    G = nn.Sequential(nn.Linear(128, 4 * 4 * d), nn.Unflatten(1, (d, 4, 4)), up_block(), up_block(), up_block(),
                      nn.BatchNorm2d(d), nn.ReLU(), conv(d, 3, 3), nn.Tanh())
    plain = lambda: Residual([nn.ReLU(), conv(d, d, 3), nn.ReLU(), conv(d, d, 3)])
    D = nn.Sequential(Residual([conv(3, d, 3), nn.ReLU(), conv(d, d, 3), nn.AvgPool2d(2)], [nn.AvgPool2d(2), conv(3, d, 1)]),
                      Residual([nn.ReLU(), conv(d, d, 3), nn.ReLU(), conv(d, d, 3), nn.AvgPool2d(2)], [conv(d, d, 1), nn.AvgPool2d(2)]),
                      plain(), plain(), nn.ReLU(), GlobalMean(), nn.Linear(d, 1))
    return G, D, dict(batch=64, gen_batch=128, z=128, lam=10.0, shape=(3, 32, 32), lr=2e-4, betas=(0.0, 0.9))


def read_safetensors(path):
    """The tensors and metadata of a safetensors file (8-byte header length, JSON header, raw data)."""
    with open(path, "rb") as f:
        raw = f.read()
    n = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    body = raw[8 + n:]
    tensors = {}
    for name, t in header.items():
        if t["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} is {t['dtype']}, expected F32")
        a, b = t["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(body[a:b]), dtype=torch.float32).reshape(t["shape"])
    return tensors, meta


def critic_loss(D, real, fake, eps, lam):
    eps = eps.reshape(-1, *([1] * (real.dim() - 1)))
    xhat = (eps * real + (1 - eps) * fake).requires_grad_(True)
    grad, = torch.autograd.grad(D(xhat).sum(), xhat, create_graph=True)
    penalty = lam * ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()
    return D(fake).mean() - D(real).mean() + penalty, penalty


def check(D, path):
    """The critic loss and penalty on wgan-gp's weights and batch (the weights by their shared names), against
    wgan-gp's own figures, as lib/bench/check.ts compares them."""
    tensors, meta = read_safetensors(path)
    own = D.state_dict()
    missing = [k for k in own if k not in tensors]
    if missing:
        raise ValueError(f"the check file lacks {missing[:3]} (the two critics are not built the same way)")
    D.load_state_dict({k: tensors[k] for k in own})
    dev = next(D.parameters()).device
    real, fake, eps = (tensors[k].to(dev) for k in ("real", "fake", "epsilon"))
    loss, penalty = critic_loss(D, real, fake, eps, float(meta["lambda"]))
    ours = {"loss": float(meta["loss"]), "penalty": float(meta["penalty"])}
    peer = {"loss": loss.item(), "penalty": penalty.item()}
    rel = lambda k: abs(peer[k] - ours[k]) / max(abs(ours[k]), 1e-6)
    return {"loss": {"wganGp": ours["loss"], "peer": peer["loss"]}, "penalty": {"wganGp": ours["penalty"], "peer": peer["penalty"]},
            "relError": max(rel("loss"), rel("penalty"))}


def models(config):
    if config == "cifar-resnet":
        return cifar_resnet()
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
        D = nn.Sequential(SameConv2d(1, d, 5, 2), nn.LeakyReLU(0.2), SameConv2d(d, 2 * d, 5, 2), nn.LeakyReLU(0.2),
                          SameConv2d(2 * d, 4 * d, 5, 2), nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(4 * 4 * 4 * d, 1))
        return G, D, dict(batch=50, z=128, lam=10.0, shape=(1, 28, 28))
    d = 128
    G = nn.Sequential(nn.Linear(128, 4 * 4 * 4 * d), nn.BatchNorm1d(4 * 4 * 4 * d), nn.ReLU(), nn.Unflatten(1, (4 * d, 4, 4)),
                      nn.ConvTranspose2d(4 * d, 2 * d, 5, 2, 2, 1), nn.BatchNorm2d(2 * d), nn.ReLU(),
                      nn.ConvTranspose2d(2 * d, d, 5, 2, 2, 1), nn.BatchNorm2d(d), nn.ReLU(),
                      nn.ConvTranspose2d(d, 3, 5, 2, 2, 1), nn.Tanh())
    D = nn.Sequential(SameConv2d(3, d, 5, 2), nn.LeakyReLU(0.2), SameConv2d(d, 2 * d, 5, 2), nn.LeakyReLU(0.2),
                      SameConv2d(2 * d, 4 * d, 5, 2), nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(4 * 4 * 4 * d, 1))
    return G, D, dict(batch=64, z=128, lam=10.0, shape=(3, 32, 32))


def captured(critic_steps, generator_step):
    """Records the critic steps and the generator step as two CUDA graphs sharing one memory pool, after
    warming up on a side stream (as torch.cuda.graph's documentation asks), and returns their replays."""
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for _ in range(3):
            critic_steps()
            generator_step()
    torch.cuda.current_stream().wait_stream(side)
    critic_graph, generator_graph = torch.cuda.CUDAGraph(), torch.cuda.CUDAGraph()
    with torch.cuda.graph(critic_graph):
        critic_steps()
    with torch.cuda.graph(generator_graph, pool=critic_graph.pool()):
        generator_step()
    return critic_graph.replay, generator_graph.replay


class Crop(nn.Module):
    """gan_mnist.py crops the 8x8 map to 7x7."""

    def forward(self, x):
        return x[:, :, :7, :7]


def main():
    config, warmup, iterations, budget_ms, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    mode = sys.argv[6] if len(sys.argv) > 6 else "cpu"
    if mode not in ("cpu", "cuda", "cuda-graph"):
        raise ValueError(f"device must be cpu, cuda or cuda-graph, got {mode}")
    torch.set_num_threads(threads)
    device = torch.device("cpu" if mode == "cpu" else "cuda")
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise RuntimeError(f"this PyTorch {torch.__version__} cannot use CUDA here")
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    G, D, c = models(config)
    G, D = G.to(device), D.to(device)
    capturable = dict(capturable=True) if mode == "cuda-graph" else {}
    if len(sys.argv) > 7:
        print(json.dumps({"check": check(D, sys.argv[7])}), flush=True)
    lr, betas = c.get("lr", 1e-4), c.get("betas", (0.5, 0.9))
    opt_g = torch.optim.Adam(G.parameters(), lr=lr, betas=betas, **capturable)
    opt_d = torch.optim.Adam(D.parameters(), lr=lr, betas=betas, **capturable)
    batch, gen_batch, lam = c["batch"], c.get("gen_batch", c["batch"]), c["lam"]
    reals = [torch.rand(batch, *c["shape"], device=device) * 2 - 1 for _ in range(5)]
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)

    def critic_step(real):
        with torch.no_grad():
            fake = G(torch.randn(batch, c["z"], device=device))
        loss, _ = critic_loss(D, real, fake, torch.rand(batch, device=device), lam)
        opt_d.zero_grad(set_to_none=True)
        loss.backward()
        opt_d.step()

    def generator_step():
        for p in D.parameters():
            p.requires_grad_(False)
        loss = -D(G(torch.randn(gen_batch, c["z"], device=device))).mean()
        opt_g.zero_grad(set_to_none=True)
        loss.backward()
        opt_g.step()
        for p in D.parameters():
            p.requires_grad_(True)

    def critic_steps():
        for real in reals:
            critic_step(real)

    run_critic, run_generator = critic_steps, generator_step
    if mode == "cuda-graph":
        run_critic, run_generator = captured(critic_steps, generator_step)

    def iteration(phase):
        sync()
        t0 = time.perf_counter()
        run_critic()
        sync()
        t1 = time.perf_counter()
        run_generator()
        sync()
        t2 = time.perf_counter()
        print(json.dumps({"phase": phase, "ms": (t2 - t0) * 1e3, "criticMs": (t1 - t0) * 1e3 / len(reals),
                          "genMs": (t2 - t1) * 1e3, "rssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)

    where = f"{threads} threads" if mode == "cpu" else f"{mode} on {torch.cuda.get_device_name(0)}, TF32 off"
    print(json.dumps({"note": f"PyTorch {torch.__version__}, {where}"}), flush=True)
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

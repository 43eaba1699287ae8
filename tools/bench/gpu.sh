#!/usr/bin/env bash
# GPU benchmark (issue 19, item 4): one prepared run on a machine with an NVIDIA GPU.
#   bash tools/bench/gpu.sh [--quick]
# 1. the training iteration (bench/step.ts) on onnxruntime's CUDA execution provider, D=512 and
#    D=4096 (60 bags x 200 tubes + 32 videolets), PyTorch references skipped unless torch sees CUDA;
# 2. C3D to fc6 (random weights, 77 GFLOP per clip) on CUDA at batch 1, 8 and 32.
# Every script ends with its figures JSON line; this script prints a summary table at the end.
# Needs onnxruntime-node's CUDA provider library next to its CPU binding: npm installs the CPU
# binaries only here (.npmrc: onnxruntime-node-install=skip), so on a GPU machine without network
# install them beforehand (see README "GPU machines"); the script checks and says what is missing.
set -uo pipefail
cd "$(dirname "$0")/../.."
QUICK=0; [ "${1:-}" = "--quick" ] && QUICK=1
OUT=${OUT:-/tmp/wsstad-gpu-bench}; mkdir -p "$OUT"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false WSSTAD_ORT_DEVICE=cuda

if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
  echo "gpu.sh: no NVIDIA GPU visible (nvidia-smi missing or failing): nothing measured" >&2; exit 2
fi
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/gpu.txt"
BIN=$(ls -d node_modules/onnxruntime-node/bin/napi-v*/linux/x64 2>/dev/null | head -1)
if [ -z "$BIN" ] || ! ls "$BIN"/libonnxruntime_providers_cuda.so >/dev/null 2>&1; then
  echo "gpu.sh: onnxruntime-node has no CUDA provider in ${BIN:-node_modules/onnxruntime-node/bin}"\
" (only the CPU build);" >&2
  echo "  install it where the network is reachable: npm config set onnxruntime-node-install cuda12 &&" >&2
  echo "  npm rebuild onnxruntime-node (allow its install script), then copy node_modules/onnxruntime-node/bin here" >&2
  exit 3
fi

run() { # name, command...: keeps stdout (the last line is the figures JSON) and the exit status
  local name=$1; shift
  echo; echo "## $name: $*"
  "$@" > "$OUT/$name.log" 2> "$OUT/$name.err"; local rc=$?
  tail -n 25 "$OUT/$name.log" | grep -v '^{'
  [ $rc -ne 0 ] && { echo "($name failed, exit $rc; stderr:)"; tail -n 5 "$OUT/$name.err"; }
  return 0
}
if [ $QUICK = 1 ]; then
  run train-512 npx tsx packages/mgpr-trainer/bench/step.ts 512 8 40 16 0 onnxruntime
  run c3d npx tsx --tsconfig tsconfig.base.json packages/c3d-features/bench/features.ts --skip-hog --batches 1,8
else
  run train-512 npx tsx packages/mgpr-trainer/bench/step.ts 512 60 200 32 0 onnxruntime
  run train-4096 npx tsx packages/mgpr-trainer/bench/step.ts 4096 60 200 32 0 onnxruntime
  run c3d npx tsx --tsconfig tsconfig.base.json packages/c3d-features/bench/features.ts --skip-hog --batches 1,8,32
fi

echo; echo "## Figures (GPU: $(head -1 "$OUT/gpu.txt"))"
echo "| script | figure | value | unit |"; echo "|---|---|---:|---|"
for f in "$OUT"/*.log; do
  tail -n 1 "$f" | python3 -c '
import json, sys
name = sys.argv[1]
try: figs = json.loads(sys.stdin.read()).get("figures", [])
except Exception: figs = [{"name": "no figures (see the log)", "value": "", "unit": ""}]
for x in figs: print(f"| {name} | {x[\"name\"]} | {x[\"value\"]} | {x[\"unit\"]} |")' "$(basename "$f" .log)"
done

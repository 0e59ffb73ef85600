#!/bin/bash
# Kill -9 check for `pretrain --resume`: a tiny run trained straight to 80 steps, against the same
# run killed with kill -9 after step 25 (its last checkpoint is step 20) and resumed. Prints how
# many weight tensors are bit-identical and the largest difference; fails above 1e-5.
# (Last-bit differences come from the autograd kernels' JIT-dependent reductions and exp; two
# uninterrupted runs in two processes differ by as much.)
# Needs: the trainer built (./mvnw -pl trainer install -DskipTests), data/pretrain/sotu, a vocabulary
# folder as $1 (default models/vocab-8k), /usr/bin/python3 with numpy.
set -euo pipefail
cd "$(dirname "$0")/../.."
VOCAB="${1:-models/vocab-8k}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CP="trainer/target/classes:$(cat trainer/target/classpath.txt)"
OUT="$(mktemp -d)"
ARGS=(pretrain --preset tiny --vocab "$VOCAB" --corpus data/pretrain/sotu --heldout none --steps 80 --batch 8 --seq-length 64
      --checkpoint-every 20 --eval-every 0 --eval-examples 32 --threads 2 --no-progress --log-every 5)
run() { "$JAVA" --add-modules jdk.incubator.vector -cp "$CP" io.bertstream.trainer.cli.Main "$@"; }
run "${ARGS[@]}" --out "$OUT/straight" > "$OUT/straight.log" 2>&1
"$JAVA" --add-modules jdk.incubator.vector -cp "$CP" io.bertstream.trainer.cli.Main "${ARGS[@]}" --out "$OUT/killed" > "$OUT/killed.log" 2>&1 &
PID=$!   # the JVM itself, so kill -9 hits it
until grep -q '"step":25' "$OUT/killed/metrics.jsonl" 2>/dev/null; do sleep 0.02; done
kill -9 "$PID"
wait "$PID" 2>/dev/null || true
echo "killed after: $(tail -1 "$OUT/killed/metrics.jsonl" | cut -c1-40)"
run "${ARGS[@]}" --out "$OUT/killed" --resume 2>&1 | grep resuming
/usr/bin/python3 - "$OUT" <<'PY'
import json, struct, sys
import numpy as np
def read(p):
    d = open(p, "rb").read(); n = struct.unpack("<Q", d[:8])[0]; h = json.loads(d[8:8 + n]); base = 8 + n
    return {k: np.frombuffer(d[base + v["data_offsets"][0]:base + v["data_offsets"][1]], "<f4") for k, v in h.items() if k != "__metadata__"}
a, b = read(sys.argv[1] + "/straight/model.safetensors"), read(sys.argv[1] + "/killed/model.safetensors")
same = sum(np.array_equal(a[k], b[k]) for k in a)
worst = max(float(np.abs(a[k] - b[k]).max()) for k in a)
print(f"tensors bit-identical: {same}/{len(a)}; max |straight - resumed| = {worst:.3g}")
sys.exit(0 if worst <= 1e-5 else 1)
PY
rm -rf "$OUT"

#!/usr/bin/env bash
# ./bertstream demo [--retrain]: the main job, stage by stage — data, a small model, its bundle, the
# broker, both services, a stream of sentences and their predictions — then stops what it started.
# A failing stage says which it was and where its log is.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source "$ROOT/scripts/jdk.sh"
source "$ROOT/scripts/services.sh"
LOGS="$ROOT/var/demo"
BUNDLE="$ROOT/models/demo"
RUN_DIR="$ROOT/models/demo-pretrain"
FINETUNE_DIR="$ROOT/models/demo-finetune"
STEPS="${BERTSTREAM_DEMO_STEPS:-300}"
FINETUNE_STEPS="${BERTSTREAM_DEMO_FINETUNE_STEPS:-200}"
RETRAIN=""
for arg in "$@"; do
  case "$arg" in
    --retrain) RETRAIN=1 ;;
    -h|--help) echo "usage: ./bertstream demo [--retrain]   (BERTSTREAM_DEMO_STEPS: pre-training steps, default 300;"\
      "BERTSTREAM_DEMO_FINETUNE_STEPS: sentiment fine-tuning steps, default 200)"; exit 0 ;;
    *) echo "demo: unknown option $arg" >&2; exit 2 ;;
  esac
done
mkdir -p "$LOGS"
STARTED_KAFKA=""

stage() { printf '\n==> [%s] %s\n' "$1" "$2"; }

# run_stage NAME CMD...: runs a stage with its output on screen and in var/demo/NAME.log.
run_stage() {
  local name="$1"
  shift
  if ! "$@" 2>&1 | tee "$LOGS/$name.log"; then
    echo "demo: stage '$name' failed; its log is var/demo/$name.log" >&2
    exit 1
  fi
}

cleanup() {
  stop_service inference-service
  stop_service tokenizer-service
  if [[ -n "$STARTED_KAFKA" ]]; then
    ./bertstream kafka stop
  fi
}
trap cleanup EXIT

stage 1/7 "build (./mvnw install -DskipTests)"
run_stage build ./bertstream build

stage 2/7 "default corpora (skipped when present and their checksums match)"
run_stage data ./bertstream data fetch

stage 3/7 "a small BERT: pre-training (tiny, $STEPS steps), sentiment fine-tuning on IMDB ($FINETUNE_STEPS steps), its ONNX bundle in models/demo"
if [[ -f "$BUNDLE/config.json" && -z "$RETRAIN" ]]; then
  echo "models/demo exists: reusing it (./bertstream demo --retrain trains a new one)"
else
  run_stage pretrain ./bertstream pretrain --preset tiny --steps "$STEPS" --batch 32 --seq-length 128 \
    --eval-every 0 --checkpoint-every 0 --out "$RUN_DIR"
  # A few minutes of training on 2 cores: the model has barely started to learn (its validation
  # accuracy is printed); the README says how to train one that has.
  run_stage finetune ./bertstream finetune --init "$RUN_DIR" --train data/imdb/train.jsonl --max-length 64 \
    --batch-size 32 --max-steps "$FINETUNE_STEPS" --lr 1e-3 --validation-fraction 0.02 --eval-every 0 \
    --checkpoint-every 0 --out "$FINETUNE_DIR" --bundle "$BUNDLE"
fi

stage 4/7 "the Kafka broker"
if [[ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ]]; then
  echo "using KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP_SERVERS"
elif ./bertstream kafka status >/dev/null 2>&1; then
  echo "a local broker already runs; the demo uses it and leaves it running"
else
  run_stage kafka ./bertstream kafka start
  STARTED_KAFKA=1
fi

stage 5/7 "the tokenizer-service and the inference-service"
start_service tokenizer-service "$BUNDLE" || { echo "demo: stage 'services' failed" >&2; exit 1; }
start_service inference-service "$BUNDLE" || { echo "demo: stage 'services' failed" >&2; exit 1; }

stage 6/7 "streaming sentences to 'sentences'"
RUN="demo-$(date +%s)"
{
  echo "Paris is the [MASK] of France."
  echo "The movie was [MASK] and I loved it."
  echo "He opened the door and [MASK] into the room."
  printf '{"id": "pair-1", "text": "I went to the store.", "text_pair": "I bought a loaf of bread."}\n'
  printf '{"id": "pair-2", "text": "I went to the store.", "text_pair": "Penguins live in the southern hemisphere."}\n'
  if grep -q '"classifier"' "$BUNDLE/config.json"; then
    echo "An absolute triumph: moving, funny and beautifully acted."
    echo "Two hours of my life I will never get back."
  fi
  printf '{"id": "bad-1", "text": "hello", "task": "translate"}\n'
} >"$LOGS/sentences.txt"
SENT=$(wc -l <"$LOGS/sentences.txt")
./bertstream produce --key "$RUN" "$LOGS/sentences.txt"
cat "$LOGS/sentences.txt"

stage 7/7 "predictions as they arrive (and the dead letter)"
./bertstream consume --from-beginning --key "$RUN" --max $((SENT - 1)) --idle-timeout 60
echo "dead letters:"
./bertstream consume --topic dlq --from-beginning --key "$RUN" --headers --max 1 --idle-timeout 30
echo
echo "demo: done. The bundle stays in models/demo: './bertstream serve' serves it."

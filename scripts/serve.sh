#!/usr/bin/env bash
# ./bertstream serve [--bundle DIR]: the broker (unless KAFKA_BOOTSTRAP_SERVERS or one runs) and both
# services, until Ctrl-C; then it stops what it started.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/jdk.sh"
source "$ROOT/scripts/services.sh"
BUNDLE="$ROOT/models/demo"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --bundle) BUNDLE="$(cd "$2" && pwd)"; shift 2 ;;
    -h|--help) echo "usage: ./bertstream serve [--bundle DIR]   (default bundle: models/demo)"; exit 0 ;;
    *) echo "serve: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -f "$BUNDLE/config.json" ]] || { echo "serve: no model bundle in $BUNDLE (run ./bertstream demo, or export one)" >&2; exit 2; }

STARTED_KAFKA=""
cleanup() {
  stop_service inference-service
  stop_service tokenizer-service
  [[ -n "$STARTED_KAFKA" ]] && "$ROOT/bertstream" kafka stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$ROOT/bertstream" build >/dev/null
if [[ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ]] && ! "$ROOT/bertstream" kafka status >/dev/null 2>&1; then
  "$ROOT/bertstream" kafka start
  STARTED_KAFKA=1
fi
start_service tokenizer-service "$BUNDLE"
start_service inference-service "$BUNDLE"
cat <<MSG

Serving $BUNDLE. Try, in another terminal:
  echo 'Paris is the [MASK] of France.' | ./bertstream produce
  ./bertstream consume --from-beginning
Ctrl-C stops the services$([[ -n "$STARTED_KAFKA" ]] && echo " and the broker").
MSG
while true; do sleep 3600; done

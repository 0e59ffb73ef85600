# Sourced by ./bertstream serve and the demo: the two services as processes, their logs and pids in
# var/serve/. Needs JAVA (scripts/jdk.sh) and ROOT.

SERVE_DIR="$ROOT/var/serve"

# service_port NAME: the HTTP port of a service.
service_port() {
  case "$1" in
    tokenizer-service) echo "${TOKENIZER_PORT:-8081}" ;;
    inference-service) echo "${INFERENCE_PORT:-8082}" ;;
  esac
}

# start_service NAME BUNDLE: starts NAME's jar and waits until /q/health/ready says UP.
start_service() {
  local name="$1" bundle="$2" port
  port="$(service_port "$name")"
  mkdir -p "$SERVE_DIR"
  local jar="$ROOT/$name/target/quarkus-app/quarkus-run.jar"
  [[ -f "$jar" ]] || { echo "bertstream: $jar is missing (./bertstream build)" >&2; return 1; }
  if curl -sf "http://localhost:$port/q/health/live" >/dev/null 2>&1; then
    echo "bertstream: port $port is taken (is $name already running? stop it, or set ${name%%-*}_PORT)" >&2
    return 1
  fi
  BERTSTREAM_BUNDLE="$bundle" QUARKUS_HTTP_PORT="$port" \
    "$JAVA" --enable-native-access=ALL-UNNAMED ${BERTSTREAM_JAVA_OPTS:-} -jar "$jar" >"$SERVE_DIR/$name.log" 2>&1 &
  echo $! >"$SERVE_DIR/$name.pid"
  local waited=0
  until curl -sf "http://localhost:$port/q/health/ready" >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$SERVE_DIR/$name.pid")" 2>/dev/null; then
      tail -n 30 "$SERVE_DIR/$name.log" >&2
      echo "bertstream: $name exited during start-up; its log is var/serve/$name.log" >&2
      return 1
    fi
    if ((waited >= 120)); then
      echo "bertstream: $name was not ready after 120 s; its log is var/serve/$name.log" >&2
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "$name is ready on http://localhost:$port (log var/serve/$name.log)"
}

# stop_service NAME: a clean shutdown (the service drains and commits), then waits for it.
stop_service() {
  local pidfile="$SERVE_DIR/$1.pid"
  [[ -f "$pidfile" ]] || return 0
  local pid
  pid="$(cat "$pidfile")"
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
    echo "$1 stopped"
  fi
  rm -f "$pidfile"
}

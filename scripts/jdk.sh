# Sourced by ./bertstream, .ci/run and the scripts: picks a JDK 21+ and exports JAVA_HOME and JAVA.
# JAVA_HOME wins when it is set and new enough; otherwise the newest JDK installed is used.
# Says which one it picked, on stderr.

bertstream_java_major() {
  # Prints the feature version (17, 21, 25...) of the JDK at $1, or nothing.
  [[ -x "$1/bin/java" && -x "$1/bin/javac" ]] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java.specification.version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1])}'
}

bertstream_pick_jdk() {
  local min=21 best="" best_major=0 candidate major
  if [[ -n "${JAVA_HOME:-}" ]]; then
    major="$(bertstream_java_major "$JAVA_HOME")"
    if [[ -n "$major" && "$major" -ge $min ]]; then
      echo "$JAVA_HOME"
      return
    fi
    echo "bertstream: JAVA_HOME=$JAVA_HOME is not a JDK $min+ (found '${major:-none}'); looking for another" >&2
  fi
  local candidates=(/usr/lib/jvm/* /usr/java/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*)
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for candidate in "${candidates[@]}"; do
    [[ -d "$candidate" && ! -L "$candidate" ]] || continue
    major="$(bertstream_java_major "$candidate")"
    if [[ -n "$major" && "$major" -ge $min && "$major" -gt $best_major ]]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  echo "$best"
}

JAVA_HOME="$(bertstream_pick_jdk)"
if [[ -z "$JAVA_HOME" ]]; then
  echo "bertstream: no JDK 21 or newer found; install one (e.g. Temurin 21 or 25) or set JAVA_HOME" >&2
  exit 1
fi
export JAVA_HOME
export JAVA="$JAVA_HOME/bin/java"
if [[ -z "${BERTSTREAM_JDK_ANNOUNCED:-}" ]]; then
  echo "bertstream: using JDK $(bertstream_java_major "$JAVA_HOME") at $JAVA_HOME" >&2
  export BERTSTREAM_JDK_ANNOUNCED=1
fi

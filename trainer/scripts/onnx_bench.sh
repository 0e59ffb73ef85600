#!/usr/bin/env bash
# Runs io.bertstream.trainer.bench.OnnxBench (test classpath: ONNX Runtime is a test-scoped
# dependency of the trainer for now). Usage, from the repository root:
#   trainer/scripts/onnx_bench.sh [--batches 1,8,32] [--seconds 3] [--threads 2] [--no-torch] ...
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl trainer test-compile
# the output file is relative to the module folder
./mvnw -B -q -pl trainer dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -cp "trainer/target/test-classes:trainer/target/classes:$(cat trainer/target/test-classpath.txt)" \
  io.bertstream.trainer.bench.OnnxBench "$@"

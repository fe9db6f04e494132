#!/usr/bin/env bash
# JMH benchmarks of the hot code: request, response and stream translation per dialect.
#   src/bench/jmh.sh                      # all
#   src/bench/jmh.sh 'AnthropicBench.stream' -f 1 -wi 2 -i 3   # any JMH options
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B -Pjmh -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=test
exec "${JAVA:-java}" -cp "target/test-classes:target/classes:$(cat target/jmh.classpath)" org.openjdk.jmh.Main "$@"

#!/usr/bin/env bash
# Runs the client comparison and the decoding microbenchmarks (JMH) and writes
# benchmarks/results/results.csv, jmh.csv and results.md.
#   ./benchmarks/run.sh            the full set (about 70 minutes)
#   QUICK=1 ./benchmarks/run.sh    a shorter set (about 40 minutes)
# Warm-up matters: a JVM pinned to one core compiles its hot paths on the same core, and a
# short warm-up charges that compilation to the client under test.
# The server runs in its own JVM pinned to core 1, each client in its own JVM pinned to core 0,
# one at a time, runs interleaved across clients and repeated.
# UPLOAD and DOWNLOAD move 1 MiB a request at C=16: 16 MiB in flight already keep the client's
# one core busy over loopback, and more chains would only queue (latency) and hold more heap
# in the clients that copy a body whole, measuring their GC rather than their transport.
set -euo pipefail
cd "$(dirname "$0")/.."

REPS=${REPS:-3}
JVM_FLAGS=${JVM_FLAGS:-"-XX:+UseSerialGC -Xms1g -Xmx1g"}
CLIENTS=${CLIENTS:-"floor floor-jackson webclient-jackson asyncopenai openai-java openai-java-best"}
if [ "${QUICK:-0}" = "1" ]; then
  WARMUP=${WARMUP:-15}; MEASURE=${MEASURE:-4}
  CONFIGS=${CONFIGS:-"CHAT:64 CHAT:1000 STREAM_LARGE:64 STREAM_TOKEN:64 EMBED_BASE64:64 IDLE_STREAMS:10000 UPLOAD:16 DOWNLOAD:16"}
else
  WARMUP=${WARMUP:-15}; MEASURE=${MEASURE:-5}
  CONFIGS=${CONFIGS:-"CHAT:1 CHAT:64 CHAT:512 CHAT:1000 STREAM_LARGE:64 STREAM_TOKEN:64 EMBED_FLOAT:64 EMBED_BASE64:64 IDLE_STREAMS:10000 UPLOAD:16 DOWNLOAD:16"}
fi
CPUS=$(nproc)
SERVER_CORE=$(( CPUS > 1 ? 1 : 0 ))
PORT=${PORT:-18555}
JMH_ARGS=${JMH_ARGS:-}

./mvnw -B -q -pl benchmarks -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$PWD/benchmarks/target/classpath.txt"
CP="$PWD/benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
RESULTS=benchmarks/results
mkdir -p "$RESULTS"
CSV="$RESULTS/results.csv"

taskset -c "$SERVER_CORE" java $JVM_FLAGS -cp "$CP" io.asyncopenai.benchmarks.BenchServer "$PORT" > "$RESULTS/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q listening "$RESULTS/server.log" 2>/dev/null && break; sleep 0.2; done
BASE_URL="http://127.0.0.1:$PORT/v1"
TICKS=$(getconf CLK_TCK)

server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }

echo "$(java -cp "$CP" io.asyncopenai.benchmarks.BenchRunner --csv-header),server_cpu_pct" > "$CSV"
for rep in $(seq 1 "$REPS"); do
  for config in $CONFIGS; do
    workload=${config%%:*}; concurrency=${config##*:}
    for client in $CLIENTS; do
      if [ "$client" = "webclient-jackson" ] && [ "$workload" != "CHAT" ]; then continue; fi
      # Idle streams: no warm-up and no measured time, the C streams open at once are measured.
      # openai-java's defaults let 64 calls run at once, so the others would wait forever.
      if [ "$workload" = "IDLE_STREAMS" ] && [ "$client" = "openai-java" ]; then continue; fi
      before=$(server_ticks); start=$(date +%s.%N)
      line=$(taskset -c 0 java $JVM_FLAGS -cp "$CP" io.asyncopenai.benchmarks.BenchRunner \
        "$client" "$BASE_URL" "$workload" "$concurrency" "$WARMUP" "$MEASURE" | tail -1)
      after=$(server_ticks); end=$(date +%s.%N)
      server_cpu=$(awk -v a="$after" -v b="$before" -v t="$TICKS" -v s="$start" -v e="$end" \
        'BEGIN { printf "%.1f", (a - b) / t / (e - s) * 100 }')
      echo "$line,$server_cpu" | tee -a "$CSV"
    done
  done
done

kill $SERVER_PID 2>/dev/null || true
wait $SERVER_PID 2>/dev/null || true
# The microbenchmarks: JMH forks inherit the pinning to core 0; nothing else runs meanwhile.
taskset -c 0 java $JVM_FLAGS -cp "$CP" org.openjdk.jmh.Main $JMH_ARGS -rf csv -rff "$RESULTS/jmh.csv" DecodingBenchmarks \
  > "$RESULTS/jmh.log" 2>&1

{
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr);" \
    "client pinned to core 0, server (Reactor Netty, precomputed bodies, its own JVM) to core $SERVER_CORE."
  echo "Java: $(java -version 2>&1 | head -1); JVM flags (every client and the server): $JVM_FLAGS."
  echo "Runs: $REPS per client, interleaved; warm-up ${WARMUP}s, measured ${MEASURE}s; medians with min–max."
  echo
  java -cp "$CP" io.asyncopenai.benchmarks.BenchReport "$CSV"
  echo
  echo "Decoding microbenchmarks (JMH, average time per operation, lower is better;" \
    "${JMH_ARGS:-one fork, 5 × 1 s warm-up, 5 × 1 s measured}):"
  echo
  java -cp "$CP" io.asyncopenai.benchmarks.BenchReport --jmh "$RESULTS/jmh.csv"
} > "$RESULTS/results.md"
cat "$RESULTS/results.md"

#!/usr/bin/env bash
# Runs the client comparison and the decoding microbenchmarks (JMH) and writes
# benchmarks/results/results.csv, jmh.csv and results.md (and realtime.csv and realtime.md
# when REALTIME runs).
#   ./benchmarks/run.sh            the full set (about 2 hours)
#   QUICK=1 ./benchmarks/run.sh    a shorter set (about 90 minutes)
# Warm-up matters: a JVM pinned to one core compiles its hot paths on the same core, and a
# short warm-up charges that compilation to the client under test. So each client warms up for
# WARMUP seconds at least, then on until the JIT compiler takes under 2 % of two 2-second slices
# in a row, WARMUP_MAX seconds at most; the table shows the warm-up each took and the
# compiler's share of the measured phase.
# The server runs in its own JVM pinned to core 1, each client in its own JVM pinned to core 0,
# one at a time, runs interleaved across clients and repeated.
# UPLOAD and DOWNLOAD move 1 MiB a request at C=16: 16 MiB in flight already keep the client's
# one core busy over loopback, and more chains would only queue (latency) and hold more heap
# in the clients that copy a body whole, measuring their GC rather than their transport.
# REALTIME opens C Realtime WebSocket connections at once and holds them REALTIME_HOLD seconds
# (60, 20 with QUICK=1), each receiving a delta a second, in a client JVM capped at 256 MB of
# heap (REALTIME_JVM_FLAGS): the heap figure is proven by the run not failing. Only asyncopenai
# runs it (the official Java SDK has no realtime client); it fails, and so does this script,
# if a connection fails, a delta is missing or a connection stays open after the close.
set -euo pipefail
cd "$(dirname "$0")/.."

REPS=${REPS:-3}
JVM_FLAGS=${JVM_FLAGS:-"-XX:+UseSerialGC -Xms1g -Xmx1g"}
REALTIME_JVM_FLAGS=${REALTIME_JVM_FLAGS:-"-XX:+UseSerialGC -Xms256m -Xmx256m"}
CLIENTS=${CLIENTS:-"floor floor-jackson webclient-jackson asyncopenai openai-java openai-java-best"}
if [ "${QUICK:-0}" = "1" ]; then
  WARMUP=${WARMUP:-15}; WARMUP_MAX=${WARMUP_MAX:-60}; MEASURE=${MEASURE:-4}; REALTIME_HOLD=${REALTIME_HOLD:-20}
  CONFIGS=${CONFIGS:-"CHAT:64 CHAT:1000 STREAM_LARGE:64 STREAM_TOKEN:64 EMBED_BASE64:64 IDLE_STREAMS:10000 UPLOAD:16 DOWNLOAD:16 REALTIME:1000"}
else
  WARMUP=${WARMUP:-15}; WARMUP_MAX=${WARMUP_MAX:-90}; MEASURE=${MEASURE:-5}; REALTIME_HOLD=${REALTIME_HOLD:-60}
  CONFIGS=${CONFIGS:-"CHAT:1 CHAT:64 CHAT:512 CHAT:1000 STREAM_LARGE:64 STREAM_TOKEN:64 EMBED_FLOAT:64 EMBED_BASE64:64 IDLE_STREAMS:10000 UPLOAD:16 DOWNLOAD:16 REALTIME:1000"}
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
# Written only when REALTIME runs, so that a run without it keeps the last REALTIME figures.
REALTIME_CSV="$RESULTS/realtime.csv"
realtime_runs=0

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
      case "$client:$workload" in webclient-jackson:CHAT | webclient-jackson:STREAM_*) ;; webclient-jackson:*) continue ;; esac
      # Idle streams: no warm-up and no measured time, the C streams open at once are measured.
      # openai-java's defaults let 64 calls run at once, so the others would wait forever.
      if [ "$workload" = "IDLE_STREAMS" ] && [ "$client" = "openai-java" ]; then continue; fi
      # Realtime: asyncopenai only, no warm-up, the hold as the measured time, a 256 MB heap.
      flags=$JVM_FLAGS; warmup=$WARMUP; warmup_max=$WARMUP_MAX; measure=$MEASURE
      if [ "$workload" = "REALTIME" ]; then
        if [ "$client" != "asyncopenai" ]; then continue; fi
        flags=$REALTIME_JVM_FLAGS; warmup=0; warmup_max=0; measure=$REALTIME_HOLD
      fi
      before=$(server_ticks); start=$(date +%s.%N)
      if ! out=$(taskset -c 0 java $flags -cp "$CP" io.asyncopenai.benchmarks.BenchRunner \
        "$client" "$BASE_URL" "$workload" "$concurrency" "$warmup" "$measure" "$warmup_max"); then
        echo "run.sh: $client $workload C=$concurrency failed (its reasons above)" >&2
        exit 1
      fi
      line=$(tail -1 <<<"$out")
      if [ "$workload" = "REALTIME" ]; then
        if [ "$realtime_runs" = 0 ]; then
          java -cp "$CP" io.asyncopenai.benchmarks.BenchRunner --realtime-csv-header > "$REALTIME_CSV"
        fi
        grep '^realtime:' <<<"$out" | cut -d: -f2- >> "$REALTIME_CSV"
        realtime_runs=$((realtime_runs + 1))
      fi
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

MACHINE="Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr);\
 client pinned to core 0, server (Reactor Netty, precomputed bodies, its own JVM) to core $SERVER_CORE."
JAVA_VERSION=$(java -version 2>&1 | head -1)
{
  echo "$MACHINE"
  echo "Java: $JAVA_VERSION; JVM flags (every client and the server): $JVM_FLAGS."
  echo "Runs: $REPS per client, interleaved; warm-up ${WARMUP}s at least, then until the JIT compiler takes" \
    "under 2 % of two 2-s slices in a row (${WARMUP_MAX}s at most); measured ${MEASURE}s; medians with min–max."
  if [ "$realtime_runs" -gt 0 ]; then
    echo "REALTIME: client JVM flags $REALTIME_JVM_FLAGS, no warm-up, held ${REALTIME_HOLD}s: requests are the" \
      "deltas received, CPU per delta, latencies to session.created, heap at the end of the hold; all its figures" \
      "in realtime.md."
  fi
  echo
  java -cp "$CP" io.asyncopenai.benchmarks.BenchReport "$CSV"
  echo
  echo "Decoding microbenchmarks (JMH, average time per operation, lower is better;" \
    "${JMH_ARGS:-one fork, 5 × 1 s warm-up, 5 × 1 s measured}):"
  echo
  java -cp "$CP" io.asyncopenai.benchmarks.BenchReport --jmh "$RESULTS/jmh.csv"
} > "$RESULTS/results.md"
cat "$RESULTS/results.md"

if [ "$realtime_runs" -gt 0 ]; then
  {
    echo "$MACHINE"
    echo "Java: $JAVA_VERSION; client JVM flags: $REALTIME_JVM_FLAGS; server: $JVM_FLAGS."
    echo "REALTIME: C Realtime WebSocket connections opened at once on one client (default WebSocket settings:" \
      "a ping every 20 s, 60 s idle timeout), held ${REALTIME_HOLD}s once all are open, each receiving one" \
      "response.output_text.delta a second; $realtime_runs run(s). Heap used sampled once a second while" \
      "holding; live threads, daemons included; CPU is the client process's."
    echo
    java -cp "$CP" io.asyncopenai.benchmarks.BenchReport --realtime "$REALTIME_CSV"
  } > "$RESULTS/realtime.md"
  echo
  cat "$RESULTS/realtime.md"
fi

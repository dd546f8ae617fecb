#!/usr/bin/env bash
# What the files plugin keeps per file, and what its start-up costs (issue 24's index target):
#  1. heap in use after a full GC of a server that has indexed FILES files, against the same
#     server on an empty folder: bytes per file;
#  2. the server restarted on the unchanged folder: time from its start to the first answered
#     /list_files, and how many files it read and hashed at start-up (from its log line
#     "indexed N files of ROOT in T ms (M hashed)").
#
#   benchmarks/index-memory.sh                        # 100 000 files of 1 KiB in 1000 folders
#   benchmarks/index-memory.sh --files 2000 --no-build
#
# Options: --files N (100000), --java HOME (else JAVA_HOME, else java on the PATH), --work DIR
# (benchmarks/target/index-memory; emptied first), --port N (18895), --no-build (use the zip already
# built). The server runs from the built zip with its usual JVM options, pinned to cpu 0; its heap
# is read with `jcmd PID GC.run` then `jcmd PID GC.heap_info` from the same JDK. Linux only.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/.." && pwd -P)
helper=$here/sync_bench.py
files=100000 work=$root/benchmarks/target/index-memory port=18895 build=1
while [ $# -gt 0 ]; do
  case $1 in
    --files) files=$2; shift 2 ;;
    --java) JAVA_HOME=$2; export JAVA_HOME; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "index-memory.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
say() { echo "index-memory.sh: $*" >&2; }
fail() { say "$*"; exit 1; }

if [ -n "${JAVA_HOME:-}" ]; then
  [ -x "$JAVA_HOME/bin/java" ] || fail "$JAVA_HOME/bin/java is not executable; give --java a JDK's home"
  jdk_bin=$JAVA_HOME/bin
else
  jdk_bin=$(dirname "$(readlink -f "$(command -v java)")")
fi
[ -x "$jdk_bin/jcmd" ] || fail "no jcmd in $jdk_bin: the server's heap is read with it; give --java a JDK, not a JRE"
for tool in taskset python3; do
  command -v "$tool" >/dev/null || fail "$tool is required"
done
if [ "$build" = 1 ]; then
  zip=$("$root/dist.sh" | tail -n 1)
else
  zip=$(ls -t "$root"/distribution/target/turnstile-*.zip 2>/dev/null | head -n 1)
  [ -n "$zip" ] || fail "no zip in distribution/target: build one (./dist.sh) or leave out --no-build"
fi
rm -rf "$work"
mkdir -p "$work/dist" "$work/empty" "$work/logs"
(cd "$work/dist" && unzip -q "$zip")
install=$(ls -d "$work"/dist/turnstile-*)

# start NAME ROOT: the server on the first cpu, its own data folder per NAME (kept across a
# restart); sets pid and log, and started_ns (wall clock, as `first-answer` prints it).
start() {
  log=$work/logs/$1-$(date +%s%N).out
  started_ns=$(date +%s%N)
  taskset -c 0 "$install/bin/turnstile" --port "$port" --files-root "$2" --data-dir "$work/data-$1" \
    >"$log" 2>&1 &
  pid=$!
}

# Waits for the log line that ends the start-up indexing (no timed step may overlap it).
wait_indexed() {
  local i
  for ((i = 0; i < 36000; i++)); do
    grep -q "indexed" "$log" && return 0
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$log" >&2; fail "the server stopped ($log)"; }
    sleep 0.1
  done
  fail "no 'indexed' line in $log within an hour"
}

first_answer_ms() {
  local answered
  answered=$(python3 "$helper" first-answer --port "$port" --timeout 600)
  echo $(( (answered - started_ns) / 1000000 ))
}

# Heap in use after a full collection, in bytes (two collections: the first may leave garbage that
# finalization or reference processing frees only in the second).
heap_after_gc() {
  "$jdk_bin/jcmd" "$pid" GC.run >/dev/null
  "$jdk_bin/jcmd" "$pid" GC.run >/dev/null
  "$jdk_bin/jcmd" "$pid" GC.heap_info | python3 "$helper" heap-used
}

stop() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

say "making $files files of 1 KiB in $(( (files + 99) / 100 )) folders..."
python3 "$helper" make-small "$work/tree" "$files" --size 1024 --folders $(( (files + 99) / 100 ))

# The first start of an installation makes its class-data archive (or AOT cache): done on the
# empty folder, which is measured after a restart.
start empty "$work/empty"
first_answer_ms >/dev/null
stop
start empty "$work/empty"
wait_indexed
first_answer_ms >/dev/null
empty_heap=$(heap_after_gc)
stop

start full "$work/tree"
wait_indexed
first_answer_ms >/dev/null
full_heap=$(heap_after_gc)
first_line=$(grep -m 1 "indexed" "$log")
stop

start full "$work/tree"
restart_ms=$(first_answer_ms)
wait_indexed
restart_line=$(grep -m 1 "indexed" "$log")
restart_heap=$(heap_after_gc)
stop

hashed() { sed -n 's/.*(\([0-9]*\) hashed).*/\1/p' <<<"$1"; }
echo "Java: $("$jdk_bin/java" -version 2>&1 | head -n 1); $files files of 1 KiB"
echo "heap in use after a full GC: empty folder $empty_heap B, $files files $full_heap B:" \
  "$(( (full_heap - empty_heap) / files )) bytes per file (target ≤ 200)"
echo "first start on the folder: ${first_line#* INFO  }"
echo "restart on the unchanged folder: first /list_files answered $restart_ms ms after the start;" \
  "files read and hashed at start-up: $(hashed "$restart_line" || true) (target 0)" \
  "[${restart_line#* INFO  }]; heap after a full GC $restart_heap B"
echo "logs: $work/logs"

#!/usr/bin/env bash
# turnstile-cli pull and push against rsync, side by side, on loopback: the same trees, both servers
# pinned to one core and the client to the other, alternating repetitions, Turnstile's time ÷
# rsync's as the median of the per-repetition ratios and the worst repetition, peak RSS (VmHWM) of
# client and server, and the bytes that crossed the loopback.
#
#   benchmarks/sync-vs-rsync.sh                       # every case, 3 repetitions, 1 GiB, 10 000 files
#   benchmarks/sync-vs-rsync.sh --reps 5 --big-mib 256 --files 2000 --no-build
#   benchmarks/sync-vs-rsync.sh --cases delta,tls-pull --java /usr/lib/jvm/temurin-25-jdk-amd64
#
# Options: --reps N (3), --big-mib N (1024), --files N (10000), --cases LIST (all), --java HOME
# (else JAVA_HOME, else java on the PATH), --work DIR (benchmarks/target/sync; emptied first),
# --watch-files N (200), --watch-gap-ms N (50), --no-build (use the zip already built).
# Cases (docs/performance.md, "Syncing a folder: how to run"):
#   pull-big    one big file, first pull          pull-small  FILES × 10 KiB, first pull
#   unchanged   the same pull, nothing changed    changed     again with 1 % of the files changed
#   push-big    one big file, first push          push-small  FILES × 10 KiB, first push
#   delta       big file on both sides, 10 random 4 KiB regions rewritten; time and wire bytes
#   tls-pull    first pull of the big file over TLS ÷ over plain TCP (Turnstile only)
#   watch       pull --watch: latency from a file's close to its rename into the mirror (Turnstile
#               only; skipped when the client has no --watch)
# rsync runs as a daemon; it is installed from the system's packages when absent and the script runs
# as root. As root the measuring part runs in a network namespace of its own, so the loopback counts
# only its traffic. Needs bash, python3, a JDK 17+, Maven, taskset; Linux only. Not part of the tests.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/.." && pwd -P)
helper=$here/sync_bench.py
all_cases="pull-big pull-small unchanged changed push-big push-small delta tls-pull watch"
original_args=("$@")
reps=3 big_mib=1024 files=10000 cases=default work=$root/benchmarks/target/sync build=1
watch_files=200 watch_gap_ms=50
server_cpu=0 client_cpu=1
port_ts=18890 port_tls=18891 port_rsync=18873
while [ $# -gt 0 ]; do
  case $1 in
    --reps) reps=$2; shift 2 ;;
    --big-mib) big_mib=$2; shift 2 ;;
    --files) files=$2; shift 2 ;;
    --cases) cases=${2//,/ }; shift 2 ;;
    --java) JAVA_HOME=$2; export JAVA_HOME; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --watch-files) watch_files=$2; shift 2 ;;
    --watch-gap-ms) watch_gap_ms=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "sync-vs-rsync.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
for case in $cases; do
  case " $all_cases default " in
    *" $case "*) ;;
    *) echo "sync-vs-rsync.sh: unknown case $case; the cases are: $all_cases" >&2; exit 2 ;;
  esac
done
say() { echo "sync-vs-rsync.sh: $*" >&2; }
fail() { say "$*"; exit 1; }

# --- outside the namespace: tools, the JVM, the build ----------------------------------------------
if [ -z "${TURNSTILE_BENCH_INNER:-}" ]; then
  if ! command -v rsync >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      say "installing rsync..."
      apt-get update -qq >/dev/null && apt-get install -y -qq rsync >/dev/null
    else
      fail "rsync is required (apt-get install rsync)"
    fi
  fi
  for tool in taskset python3; do
    command -v "$tool" >/dev/null || fail "$tool is required"
  done
  if [ -n "${JAVA_HOME:-}" ] && [ ! -x "$JAVA_HOME/bin/java" ]; then
    fail "$JAVA_HOME/bin/java is not executable; give --java (or JAVA_HOME) a JDK's home, e.g. one of: $(ls -d /usr/lib/jvm/*/ 2>/dev/null | tr '\n' ' ')"
  fi
  if [ "$build" = 1 ]; then
    TURNSTILE_BENCH_ZIP=$("$root/dist.sh" | tail -n 1)
  else
    TURNSTILE_BENCH_ZIP=$(ls -t "$root"/distribution/target/turnstile-*.zip 2>/dev/null | head -n 1)
    [ -n "$TURNSTILE_BENCH_ZIP" ] || fail "no zip in distribution/target: build one (./dist.sh) or leave out --no-build"
  fi
  export TURNSTILE_BENCH_ZIP
  if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
    TURNSTILE_BENCH_INNER=netns exec unshare -n -- bash "$0" "${original_args[@]}"
  fi
  TURNSTILE_BENCH_INNER=host
  say "no network namespace of its own (needs root and unshare): loopback bytes include any other traffic on this machine's lo"
fi
if [ "$TURNSTILE_BENCH_INNER" = netns ]; then
  ip link set lo up
fi

java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}
case $(cd "$(dirname "$work")" 2>/dev/null && pwd -P)/$(basename "$work") in
  /|//*|"$root"|"$root/benchmarks"|"$HOME") fail "--work $work would empty a folder that is not the benchmark's" ;;
esac
rm -rf "$work"
mkdir -p "$work/dist" "$work/src" "$work/dst" "$work/logs" "$work/data"
(cd "$work/dist" && unzip -q "$TURNSTILE_BENCH_ZIP")
install=$(ls -d "$work"/dist/turnstile-*)
cli=$install/bin/turnstile-cli
src=$work/src
results=$work/results.jsonl
"${java_bin}javac" -d "$work/floor" "$here/floor/DurableCopy.java" || fail "cannot compile the floor program"
: > "$results"

if [ "$cases" = default ]; then
  cases=$all_cases
fi
pull_help=$("$cli" pull --help 2>&1 || true)
if [[ " $cases " == *" watch "* && "$pull_help" != *--watch* ]]; then
  say "watch: skipped, this turnstile-cli has no 'pull --watch'"
  echo "watch: skipped, this turnstile-cli has no 'pull --watch'" > "$work/skipped.txt"
  cases=${cases/watch/}
fi
selected() { for c in "$@"; do [[ " $cases " == *" $c "* ]] && return 0; done; return 1; }
small_mib=$(( (files * 10 + 1023) / 1024 ))  # the small tree's size, for the scratch writes

# --- servers ------------------------------------------------------------------------------------------
declare -A ts_pid=()
rsync_pid=

# Waits until LOG holds PATTERN; fails if PID dies first or after SECONDS.
wait_for_log() {
  local log=$1 pattern=$2 pid=$3 seconds=$4 i
  for ((i = 0; i < seconds * 10; i++)); do
    grep -q "$pattern" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$log" >&2; fail "the server stopped before logging '$pattern' ($log)"; }
    sleep 0.1
  done
  return 1
}

# start_turnstile NAME ROOT PORT [server options]: one Turnstile server on the server core with
# its own data folder; returns once it listens and has indexed its folder (the log line
# "indexed N files"), so that no timed run meets the server's start-up hashing.
start_turnstile() {
  local name=$1 tree=$2 port=$3
  shift 3
  local log=$work/logs/turnstile-$name.out
  mkdir -p "$work/data/$name"
  taskset -c "$server_cpu" "$install/bin/turnstile" --port "$port" --files-root "$tree" \
    --data-dir "$work/data/$name" "$@" >"$log" 2>&1 &
  ts_pid[$name]=$!
  wait_for_log "$log" "listening on" "${ts_pid[$name]}" 180 || fail "the server $name did not listen within 180 s ($log)"
  wait_for_log "$log" "indexed" "${ts_pid[$name]}" 600 \
    || say "the server $name logged no 'indexed' line within 600 s: timing it anyway ($log)"
}

stop_turnstile() {
  local pid=${ts_pid[$1]}
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "ts_pid[$1]"
}

# One rsync daemon with a module per case; as root it keeps this user (uid/gid) instead of nobody,
# so that the writable module can be written.
start_rsyncd() {
  cat > "$work/rsyncd.conf" <<EOF
use chroot = no
uid = $(id -un)
gid = $(id -gn)
pid file = $work/rsyncd.pid
log file = $work/logs/rsyncd.log
[pull-big]
  path = $src/big
  read only = yes
[pull-small]
  path = $src/small
  read only = yes
[delta]
  path = $src/delta
  read only = yes
[push]
  path = $work/push/rsync
  read only = false
EOF
  rm -f "$work/rsyncd.pid"
  taskset -c "$server_cpu" rsync --daemon --no-detach --config="$work/rsyncd.conf" --port="$port_rsync" \
    >>"$work/logs/rsyncd.out" 2>&1 &
  rsync_pid=$!
  local i
  for ((i = 0; i < 100; i++)); do
    rsync --list-only "rsync://127.0.0.1:$port_rsync/" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  fail "the rsync daemon did not answer within 10 s ($work/logs/rsyncd.out)"
}

stop_rsyncd() {
  kill "$rsync_pid" 2>/dev/null || true
  wait "$rsync_pid" 2>/dev/null || true
}

# --- timed runs -----------------------------------------------------------------------------------
# These VMs hand free memory back to their host: writing N MiB right after a pause can take many
# times longer than right after another write. So before every timed run: flush what earlier runs
# left dirty (the disk is idle when the clock starts), then write and delete a scratch file of the
# run's size (its pages are taken back from the host; deleted before writeback, it costs no I/O).
prepare_run() {
  sync
  if [ "$1" -gt 0 ]; then
    dd if=/dev/zero of="$work/scratch" bs=1M count="$1" status=none
    rm -f "$work/scratch"
  fi
}

# timed CASE REP TOOL MIB SERVER_PID -- COMMAND...: one timed run of COMMAND on the client core.
timed() {
  local case=$1 rep=$2 tool=$3 size=$4 server=$5
  shift 6
  prepare_run "$size"
  python3 "$helper" run --results "$results" --case "$case" --rep "$rep" --tool "$tool" \
    --log "$work/logs/$case-$tool-rep$rep.log" --cpu "$client_cpu" --servers "$server" -- "$@" \
    || fail "case $case, repetition $rep: $tool failed (above)"
}

# timed_floor CASE REP MIB TREE [--kernel-copy]: the floor program (benchmarks/floor/DurableCopy.java)
# copying the case's source tree durably on the client core, as the tool "floor": what no pull can beat.
# It copies into $work/dst/CASE-floor, which the case may have filled first (an update replaces files).
timed_floor() {
  local case=$1 rep=$2 size=$3 tree=$4
  shift 4
  timed "$case" "$rep" floor "$size" "" -- "${java_bin}java" -cp "$work/floor" DurableCopy "$@" "$tree" \
    "$work/dst/$case-floor"
  rm -rf "$work/dst/$case-floor"
}

# An untimed run that prepares a case (a mirror that must already exist, say).
untimed() {
  local log=$1
  shift
  "$@" >>"$log" 2>&1 || { tail -n 15 "$log" >&2; fail "a preparing run failed: $* ($log)"; }
}

# wait_indexed FILE PATH: waits until the Turnstile server's index holds FILE's content as it is now.
# The server reports a change once the file has been quiet and is hashed again (a second or so for
# 1 GiB); a pull timed before that would find nothing to do. rsync has no index to wait for.
wait_indexed() {
  local file=$1 path=$2 want i
  want=$(sha256sum "$file" | cut -c1-64)
  for ((i = 0; i < 600; i++)); do
    "$cli" -p "$port_ts" /changes since=0 2>/dev/null | grep -q "$want" && return 0
    sleep 0.1
  done
  fail "the server had not indexed the new content of $path after 60 s"
}

turnstile_pull() { "$cli" -p "$port_ts" pull "$2"; }  # MODULE DST, as rsync_pull
rsync_pull() { rsync -a --delete "rsync://127.0.0.1:$port_rsync/$1/" "$2/"; }

# timed_pull CASE REP TOOL MIB MODULE DST: the pull of the existing cases, by either tool.
timed_pull() {
  local case=$1 rep=$2 tool=$3 size=$4 module=$5 dst=$6
  case $tool in
    turnstile) timed "$case" "$rep" turnstile "$size" "${ts_pid[$module]}" -- "$cli" -p "$port_ts" pull "$dst" ;;
    rsync) timed "$case" "$rep" rsync "$size" "$rsync_pid" -- \
      rsync -a --delete "rsync://127.0.0.1:$port_rsync/$module/" "$dst/" ;;
  esac
}

# --- the cases: one function each ------------------------------------------------------------------
# shellcheck source=benchmarks/sync-cases.sh
. "$here/sync-cases.sh"

# --- before the repetitions -----------------------------------------------------------------------
make_trees() {
  if selected pull-big push-big tls-pull delta; then
    say "making a ${big_mib} MiB file..."
    mkdir -p "$src/big"
    head -c "$((big_mib * 1024 * 1024))" /dev/urandom > "$src/big/one.bin"
  fi
  if selected delta; then
    mkdir -p "$src/delta"
    cp "$src/big/one.bin" "$src/delta/one.bin"
  fi
  if selected pull-small unchanged changed push-small; then
    say "making $files files of 10 KiB..."
    python3 "$helper" make-small "$src/small" "$files"
  fi
}

# Each installation makes its class-data archive (Java 17) or ahead-of-time cache (Java 25+) at its
# first server start and first client command: both are done here, with a pull, untimed.
warm_jvms() {
  say "warming the JVM's archives: $("${java_bin}java" -version 2>&1 | head -n 1)"
  python3 "$helper" make-small "$work/warm/src" 200
  head -c $((4 * 1024 * 1024)) /dev/urandom > "$work/warm/src/four.bin"
  start_turnstile warm "$work/warm/src" "$port_ts"
  untimed "$work/logs/setup.log" turnstile_pull warm "$work/warm/dst"
  stop_turnstile warm
  rm -rf "$work/warm" "$work/data/warm"
}

make_trees
warm_jvms
for rep in $(seq 1 "$reps"); do
  # Alternate which tool goes first, so neither always meets the warmer page cache.
  if [ $((rep % 2)) = 1 ]; then order="turnstile rsync"; else order="rsync turnstile"; fi
  if selected pull-big; then case_pull_big "$rep"; fi
  if selected pull-small unchanged changed; then case_pull_small "$rep"; fi
  if selected push-big; then case_push big "$rep" "$big_mib"; fi
  if selected push-small; then case_push small "$rep" "$small_mib"; fi
  if selected delta; then case_delta "$rep"; fi
  if selected tls-pull; then case_tls_pull "$rep"; fi
  if selected watch; then case_watch "$rep"; fi
  say "repetition $rep of $reps done"
done

echo "Java: $("${java_bin}java" -version 2>&1 | head -n 1); ${big_mib} MiB, $files files, $reps repetitions;" \
  "loopback: $([ "$TURNSTILE_BENCH_INNER" = netns ] && echo "own network namespace" || echo "the machine's")"
cat "$work/skipped.txt" 2>/dev/null || true
python3 "$helper" report "$results"
echo "raw results: $results; logs: $work/logs"

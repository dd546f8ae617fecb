#!/usr/bin/env bash
# Start-up of the shipped installation, run as users run it: the median, fastest and slowest of
# N runs (default 20) of
#   cli     bin/turnstile-cli -p PORT /ping, one-shot, JVM start included, against a running server;
#   server  bin/turnstile, process start to the first answered /login.
# Each installation's first run, which makes its class-data archive, is reported apart.
#
#   benchmarks/startup.sh [--runs N] [--zip distribution/target/turnstile-*.zip] [--only cli|server]
#
# Environment: JAVA_OPTS and CLI_JAVA_OPTS (the server's and the client's extra JVM options),
# TURNSTILE_CDS=off to measure without the archives. Nothing is pinned: on a busy machine,
# compare two settings in alternating runs rather than against numbers from another time.
set -euo pipefail

runs=20
zip=
only=
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --zip) zip=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "startup.sh: unknown option $1 (startup.sh --help lists them)" >&2; exit 2 ;;
  esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "$zip" ]; then
  zip=$(ls "$root"/distribution/target/turnstile-*.zip 2>/dev/null | head -n 1 || true)
fi
if [ ! -f "${zip:-}" ]; then
  echo "startup.sh: no distribution zip; build one with mvn -o -B -pl distribution -am package -DskipTests, or give --zip" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/turnstile-startup.XXXXXX")
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
unzip -q "$zip" -d "$work"
home=$(ls -d "$work"/turnstile-*)

now_us() { echo "${EPOCHREALTIME/[.,]/}"; }

# Prints "median fastest slowest" of the numbers given.
summary() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%d %d %d\n", m, v[1], v[NR] }'; }

# Starts the server in the background; sets server_pid, port and start_ms.
start_server() {
  local log=$work/server.log t0 line text
  : >"$log"
  port=0
  t0=$(now_us)
  "$home/bin/turnstile" --port 0 --data-dir "$work/data" >"$log" 2>&1 &
  server_pid=$!
  while :; do
    kill -0 "$server_pid" 2>/dev/null || { echo "startup.sh: the server exited; its log:" >&2; cat "$log" >&2; exit 1; }
    if [ "$port" = 0 ]; then
      text=$(<"$log")
      if [[ $text =~ listening\ on\ 127\.0\.0\.1:([0-9]+) ]]; then port=${BASH_REMATCH[1]}; else sleep 0.002; continue; fi
    fi
    if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
      printf '{"url":"/login","hostname":"probe"}\n' >&3
      line=""
      IFS= read -r -t 5 line <&3 || true
      exec 3<&-
      [[ $line == '{"code":200'* ]] && break
    fi
    sleep 0.002
  done
  start_ms=$(( ($(now_us) - t0) / 1000 ))
  sleep 0.3
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

if [ "$only" != cli ]; then
  start_server
  stop_server
  echo "server: first start of the installation (makes its archive): $start_ms ms"
  times=()
  for _ in $(seq "$runs"); do
    start_server
    stop_server
    times+=("$start_ms")
  done
  read -r median fastest slowest < <(summary "${times[@]}")
  echo "server: start to first /login answer, $runs starts: median $median ms ($fastest-$slowest)"
fi

if [ "$only" != server ]; then
  start_server
  cli() { JAVA_OPTS="${CLI_JAVA_OPTS:-}" "$home/bin/turnstile-cli" -p "$port" /ping >/dev/null; }
  t0=$(now_us)
  cli
  echo "cli: first /ping of the installation (makes its archive): $(( ($(now_us) - t0) / 1000 )) ms"
  times=()
  for _ in $(seq "$runs"); do
    t0=$(now_us)
    cli
    times+=("$(( ($(now_us) - t0) / 1000 ))")
  done
  read -r median fastest slowest < <(summary "${times[@]}")
  echo "cli: turnstile-cli /ping one-shot, $runs runs: median $median ms ($fastest-$slowest)"
  stop_server
fi

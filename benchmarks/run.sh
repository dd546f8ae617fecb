#!/usr/bin/env bash
# Side-by-side benchmark: Turnstile (from the distribution zip), the Netty 4.2 + Parsson reference
# server and the canned-answer floor server, each pinned to one core while the load client runs on
# another. Prints the medians over the repetitions, the ratios Turnstile / Netty and
# Turnstile / floor (medians of the ratios within each repetition), start-up time (process start
# to the first answered /login) and peak RSS (VmHWM) of each server.
#
#   benchmarks/run.sh                  # the full run: 5 repetitions of 5 s per workload
#   benchmarks/run.sh --quick          # about 3 minutes: 3 repetitions of 2 s per workload
#
# Options: --reps N, --seconds S (per workload), --warmup S (most seconds of warm-up per start),
#   --idle S (seconds of the idle-CPU check, 0 = skip), --server-cpu C, --client-cpu C,
#   --workloads LIST (url:window:payload,...),
#   --turnstile-opts OPTS (JAVA_OPTS for Turnstile, e.g. to record a JFR profile),
#   --no-build (use what is already built).
# Needs bash, a JDK 17+, Maven and taskset (util-linux); Linux only (/proc).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/.." && pwd -P)
reps=5
seconds=5
warmup=20
idle=10
server_cpu=0
client_cpu=1
workloads="ping:1:0,ping:128:0,echo:1:16384,echo:32:1024,echo:1:786432"
turnstile_opts=""
build=1

while [ $# -gt 0 ]; do
  case $1 in
    --quick) reps=3; seconds=2; warmup=8; shift ;;
    --reps) reps=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --server-cpu) server_cpu=$2; shift 2 ;;
    --client-cpu) client_cpu=$2; shift 2 ;;
    --workloads) workloads=$2; shift 2 ;;
    --turnstile-opts) turnstile_opts=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

command -v taskset >/dev/null || { echo "run.sh: taskset (util-linux) is required" >&2; exit 1; }
target=$root/benchmarks/target
work=$target/run
if [ "$build" = 1 ]; then
  echo "building..." >&2
  zip=$("$root/dist.sh" | tail -n 1)
else
  zip=$(ls "$root"/distribution/target/turnstile-*.zip | head -n 1)
fi
rm -rf "$work"
mkdir -p "$work/dist" "$work/logs"
(cd "$work/dist" && unzip -q "$zip")
turnstile_bin=$(ls -d "$work"/dist/turnstile-*/bin/turnstile)
cp="$target/*:$target/lib/*"

# This shell and the load client run on the client core; each server is started on its own core.
taskset -cp "$client_cpu" $$ >/dev/null

now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }

# Starts server $1 on a free port in the background; sets server_pid, p (its port) and startup_ms
# (process start to the first answered /login). Port 0 everywhere: a fixed port could belong to
# some other program, and the probe would then measure that one.
start_server() {
  local name=$1 log=$work/logs/$1-$2.log t0 line text
  : >"$log"
  t0=$(now_ms)
  p=0
  case $name in
    turnstile)
      datadir=$(mktemp -d "$work/data.XXXXXX")
      JAVA_OPTS="$turnstile_opts" taskset -c "$server_cpu" "$turnstile_bin" --port "$p" --data-dir "$datadir" >"$log" 2>&1 &
      ;;
    netty) taskset -c "$server_cpu" java -cp "$cp" dev.turnstile.bench.NettyReferenceServer --port "$p" >"$log" 2>&1 & ;;
    floor) taskset -c "$server_cpu" java -cp "$cp" dev.turnstile.bench.FloorServer --port "$p" >"$log" 2>&1 & ;;
  esac
  server_pid=$!
  while :; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "run.sh: $name exited during start-up; its log:" >&2; cat "$log" >&2; exit 1
    fi
    if [ "$p" = 0 ]; then
      text=$(<"$log")
      if [[ $text =~ listening\ on\ 127\.0\.0\.1:([0-9]+) ]]; then p=${BASH_REMATCH[1]}; else sleep 0.002; continue; fi
    fi
    if { exec 3<>"/dev/tcp/127.0.0.1/$p"; } 2>/dev/null; then
      printf '{"url":"/login","hostname":"probe"}\n' >&3
      line=""
      IFS= read -r -t 5 line <&3 || true
      exec 3<&-
      [[ $line == '{"code":200'* ]] && break
    fi
    sleep 0.002
  done
  startup_ms=$(( $(now_ms) - t0 ))
  # One client at a time: let the server see the probe's connection close before the client comes.
  sleep 0.3
}

stop_server() {
  [ -n "${server_pid:-}" ] || return 0
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
# A failed step must not leave a server running.
trap stop_server EXIT

# CPU time (utime + stime, in clock ticks) of a process.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

results=$work/results.txt
: >"$results"
servers=(turnstile netty floor)
# The installation's first start also makes its class-data archive (docs/configuration.md); it is
# measured on its own, and every repetition below starts the server as users do from then on.
start_server turnstile 0
echo "turnstile: first start of the installation in ${startup_ms} ms" >&2
echo "turnstile 0 firststart $startup_ms" >>"$results"
stop_server
rm -rf "$datadir"; datadir=""
for rep in $(seq 1 "$reps"); do
  # Rotate the order so that no server always runs first (or right after the same one).
  order=("${servers[@]:$(( (rep - 1) % 3 ))}" "${servers[@]:0:$(( (rep - 1) % 3 ))}")
  for server in "${order[@]}"; do
    start_server "$server" "$rep"
    echo "rep $rep/$reps: $server started in ${startup_ms} ms" >&2
    echo "$server $rep startup $startup_ms" >>"$results"
    java -cp "$cp" dev.turnstile.bench.LoadClient --port "$p" --seconds "$seconds" --warmup "$warmup" \
        --workloads "$workloads" >"$work/logs/client-$server-$rep.txt"
    grep -h . "$work/logs/client-$server-$rep.txt" | sed "s/^/  $server: /" >&2
    sed -n "s/^RESULT workload=\([^ ]*\) .* rps=\([0-9.]*\) p50_us=\([0-9.]*\) p99_us=\([0-9.]*\).*/$server $rep \1 \2 \3 \4/p" \
        "$work/logs/client-$server-$rep.txt" >>"$results"
    if [ "$rep" = 1 ] && [ "$server" = turnstile ] && [ "$idle" != 0 ]; then
      sleep 1
      before=$(cpu_ticks "$server_pid"); sleep "$idle"; after=$(cpu_ticks "$server_pid")
      echo "turnstile 1 idle $((after - before)) $idle" >>"$results"
    fi
    echo "$server $rep rss $(awk '/^VmHWM/ { print $2 }' "/proc/$server_pid/status")" >>"$results"
    stop_server
    [ -n "${datadir:-}" ] && rm -rf "$datadir" && datadir=""
  done
done

echo
echo "Turnstile benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $reps repetitions of ${seconds} s per workload, server on cpu $server_cpu, client on cpu $client_cpu"
echo "($(java -version 2>&1 | head -n 1); $(nproc --all) cores; $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1))"
echo
awk -v workloads="$workloads" '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function lowest(list,   n, a, i, m) {
    n = split(list, a, " "); m = a[1]
    for (i = 2; i <= n; i++) if (a[i] + 0 < m + 0) m = a[i]
    return m
  }
  $3 == "firststart" { firstStart = $4; next }
  $3 == "startup" { start[$1] = start[$1] " " $4; startRep[$1, $2] = $4; next }
  $3 == "rss" { if ($4 > rss[$1]) rss[$1] = $4; next }
  $3 == "idle" { idleTicks = $4; idleSeconds = $5; next }
  { rps[$1, $3] = rps[$1, $3] " " $4; p50[$1, $3] = p50[$1, $3] " " $5; p99[$1, $3] = p99[$1, $3] " " $6
    at[$1, $2, $3] = $4; reps[$2] = 1 }
  END {
    n = split(workloads, w, ",")
    printf "| workload (url:window:payload) | Turnstile req/s | Netty req/s | floor req/s | Turnstile ÷ Netty (lowest) | Turnstile ÷ floor | Turnstile p50 / p99 µs | Netty p50 / p99 µs |\n"
    printf "|---|---:|---:|---:|---:|---:|---:|---:|\n"
    for (i = 1; i <= n; i++) {
      k = w[i]; rn = ""; rf = ""
      for (r in reps) {
        if ((("turnstile", r, k) in at) && (("netty", r, k) in at)) rn = rn " " at["turnstile", r, k] / at["netty", r, k]
        if ((("turnstile", r, k) in at) && (("floor", r, k) in at)) rf = rf " " at["turnstile", r, k] / at["floor", r, k]
      }
      printf "| %s | %.0f | %.0f | %.0f | %.2f (%.2f) | %.2f | %.1f / %.1f | %.1f / %.1f |\n", k,
        median(rps["turnstile", k]), median(rps["netty", k]), median(rps["floor", k]), median(rn), lowest(rn), median(rf),
        median(p50["turnstile", k]), median(p99["turnstile", k]), median(p50["netty", k]), median(p99["netty", k])
    }
    rs = ""
    for (r in reps) if ((("turnstile", r) in startRep) && (("netty", r) in startRep)) rs = rs " " startRep["turnstile", r] / startRep["netty", r]
    printf "\n| server | start to first /login answer (median ms) | peak RSS (max VmHWM, MiB) |\n|---|---:|---:|\n"
    printf "| Turnstile | %.0f | %.1f |\n| Netty reference | %.0f | %.1f |\n| floor | %.0f | %.1f |\n",
      median(start["turnstile"]), rss["turnstile"] / 1024, median(start["netty"]), rss["netty"] / 1024,
      median(start["floor"]), rss["floor"] / 1024
    printf "\nstart-up Turnstile ÷ Netty (median of per-repetition ratios): %.2f\n", median(rs)
    if (firstStart) printf "first start of the Turnstile installation (makes its class-data archive): %d ms\n", firstStart
    if (idleSeconds) printf "idle Turnstile, no client: %d clock ticks (1/100 s) of CPU in %d s\n", idleTicks, idleSeconds
  }' "$results"
echo
echo "raw results: $results; logs: $work/logs" >&2

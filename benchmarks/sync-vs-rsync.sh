#!/usr/bin/env bash
# turnstile-cli pull against rsync, side by side, on loopback: the same trees, both servers pinned
# to one core and the client to the other, alternating repetitions, medians of within-run ratios
# (Turnstile's time ÷ rsync's), and peak RSS (VmHWM) of each client and each server.
#
#   benchmarks/sync-vs-rsync.sh             # 3 repetitions: 1 GiB file, 10 000 files of 10 KiB
#   benchmarks/sync-vs-rsync.sh --reps 5 --big-mib 256 --files 2000 --no-build
#
# Cases: one big file, first copy; FILES files of 10 KiB in 100 folders, first copy; the same tree
# again with nothing changed; again with 1 % of the files changed.
# rsync runs as a daemon (`rsync --daemon` with one read-only module); it is installed from the
# system's packages when absent and the script runs as root. Needs bash, python3, a JDK 17+,
# Maven, taskset; Linux only (/proc). Not part of the test suite.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/.." && pwd -P)
reps=3
big_mib=1024
files=10000
server_cpu=0
client_cpu=1
build=1
while [ $# -gt 0 ]; do
  case $1 in
    --reps) reps=$2; shift 2 ;;
    --big-mib) big_mib=$2; shift 2 ;;
    --files) files=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "sync-vs-rsync.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

if ! command -v rsync >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing rsync..." >&2
    apt-get update -qq >/dev/null && apt-get install -y -qq rsync >/dev/null
  else
    echo "sync-vs-rsync.sh: rsync is required (apt-get install rsync)" >&2
    exit 1
  fi
fi
command -v taskset >/dev/null || { echo "sync-vs-rsync.sh: taskset (util-linux) is required" >&2; exit 1; }

work=$root/benchmarks/target/sync
if [ "$build" = 1 ]; then
  zip=$("$root/dist.sh" | tail -n 1)
else
  zip=$(ls "$root"/distribution/target/turnstile-*.zip | head -n 1)
fi
rm -rf "$work"
mkdir -p "$work/dist" "$work/src" "$work/logs"
(cd "$work/dist" && unzip -q "$zip")
install=$(ls -d "$work"/dist/turnstile-*)
src=$work/src
port_ts=18890
port_rsync=18873

hwm() { awk '/VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# Runs a client pinned to its core; prints "seconds peak_kib". The Java launcher execs the JVM in
# the same process, so the pid sampled is the client itself.
timed() {
  local start end pid peak=0 now
  start=$(date +%s%N)
  taskset -c "$client_cpu" "$@" >>"$work/logs/client.out" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    now=$(hwm "$pid")
    if [ "${now:-0}" -gt "$peak" ]; then peak=$now; fi
    sleep 0.05
  done
  wait "$pid"
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $peak"
}

# Starts both servers on the server core, sharing one tree.
start_servers() {
  local tree=$1
  printf 'use chroot = no\npid file = %s\nlog file = %s\n[share]\n  path = %s\n  read only = yes\n' \
    "$work/rsyncd.pid" "$work/logs/rsyncd.log" "$tree" > "$work/rsyncd.conf"
  rm -f "$work/rsyncd.pid" "$work/logs/turnstile.out"
  taskset -c "$server_cpu" rsync --daemon --no-detach --config="$work/rsyncd.conf" --port="$port_rsync" \
    >"$work/logs/rsyncd.out" 2>&1 &
  rsync_pid=$!
  taskset -c "$server_cpu" "$install/bin/turnstile" --port "$port_ts" --files-root "$tree" \
    >"$work/logs/turnstile.out" 2>&1 &
  ts_pid=$!
  for _ in $(seq 1 100); do
    grep -q "listening on" "$work/logs/turnstile.out" 2>/dev/null && break
    sleep 0.1
  done
  sleep 0.5
}

stop_servers() {
  echo "server peak RSS ($1): turnstile $(( $(hwm "$ts_pid") / 1024 )) MiB, rsync daemon $(( $(hwm "$rsync_pid") / 1024 )) MiB" \
    >> "$work/server-rss.txt"
  kill "$ts_pid" "$rsync_pid" 2>/dev/null || true
  wait "$ts_pid" "$rsync_pid" 2>/dev/null || true
}

make_trees() {
  echo "making the trees: one ${big_mib} MiB file, $files files of 10 KiB..." >&2
  mkdir -p "$src/big" "$src/small"
  head -c "$((big_mib * 1024 * 1024))" /dev/urandom > "$src/big/one.bin"
  python3 - "$src/small" "$files" <<'PY'
import os, sys
root, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    folder = os.path.join(root, "d%03d" % (i % 100))
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "f%05d.bin" % i), "wb") as f:
        f.write(os.urandom(10240))
PY
}

change_one_percent() {
  python3 - "$src/small" "$files" <<'PY'
import os, sys
root, count = sys.argv[1], int(sys.argv[2])
for i in range(0, count, 100):
    with open(os.path.join(root, "d%03d" % (i % 100), "f%05d.bin" % i), "wb") as f:
        f.write(os.urandom(10240))
PY
}

pull() {
  case $1 in
    turnstile) timed "$install/bin/turnstile-cli" -p "$port_ts" pull "$2" ;;
    rsync) timed rsync -a --delete "rsync://127.0.0.1:$port_rsync/share/" "$2/" ;;
  esac
}

make_trees
results=$work/results.txt
: > "$results"
: > "$work/server-rss.txt"
for rep in $(seq 1 "$reps"); do
  # Alternate which tool goes first, so neither always meets the warmer page cache.
  if [ $((rep % 2)) = 1 ]; then order="turnstile rsync"; else order="rsync turnstile"; fi
  for tree in big small; do
    start_servers "$src/$tree"
    for tool in $order; do
      rm -rf "$work/dst-$tool-$tree"
      echo "rep=$rep tool=$tool case=first-copy-$tree $(pull "$tool" "$work/dst-$tool-$tree")" >> "$results"
    done
    if [ "$tree" = small ]; then
      for tool in $order; do
        echo "rep=$rep tool=$tool case=unchanged $(pull "$tool" "$work/dst-$tool-$tree")" >> "$results"
      done
      change_one_percent
      for tool in $order; do
        echo "rep=$rep tool=$tool case=one-percent-changed $(pull "$tool" "$work/dst-$tool-$tree")" >> "$results"
      done
    fi
    stop_servers "$tree"
  done
  echo "repetition $rep of $reps done" >&2
done

python3 - "$results" <<'PY'
import collections, statistics, sys
rows = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    fields = line.split()
    tags = dict(kv.split("=") for kv in fields[:3])
    rows[(tags["case"], tags["rep"])][tags["tool"]] = (int(fields[3]) / 1000, int(fields[4]))
order = ["first-copy-big", "first-copy-small", "unchanged", "one-percent-changed"]
print("| case | Turnstile s (median) | rsync s (median) | Turnstile ÷ rsync (median of per-rep ratios) | client peak RSS MiB, Turnstile / rsync |")
print("|---|---:|---:|---:|---:|")
for case in order:
    reps = [v for (c, _), v in rows.items() if c == case and len(v) == 2]
    if not reps:
        continue
    ts = statistics.median(v["turnstile"][0] for v in reps)
    rs = statistics.median(v["rsync"][0] for v in reps)
    ratio = statistics.median(v["turnstile"][0] / v["rsync"][0] for v in reps)
    print(f"| {case} | {ts:.2f} | {rs:.2f} | {ratio:.2f} | "
          f"{max(v['turnstile'][1] for v in reps) // 1024} / {max(v['rsync'][1] for v in reps) // 1024} |")
PY
cat "$work/server-rss.txt"
echo "raw results: $results; logs: $work/logs"

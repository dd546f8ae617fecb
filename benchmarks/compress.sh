#!/usr/bin/env bash
# Where --compress pays: a pull over loopback held to a slow link's rate by --bwlimit, with and
# without --compress, of a folder of text (this repository's sources and docs), of a few large text
# files, and of a folder of random bytes. One run of each; prints one line per run: tree, rate, compress, seconds, MB/s of
# the folder's bytes (wall clock of the whole turnstile-cli process, its start-up included).
#
#   benchmarks/compress.sh [--no-build] [--rates "2M 20M 100M 0"]
#
# Builds the distribution (dist.sh) unless --no-build; the work folder is a fresh temporary one.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd -P)
rates="2M 20M 100M 0"
build=1
while [ $# -gt 0 ]; do
  case $1 in
    --no-build) build=0 ;;
    --rates) rates=$2; shift ;;
    *) echo "compress.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

if [ $build = 1 ]; then
  zip=$("$root/dist.sh" | tail -n 1)
else
  zip=$(ls -t "$root"/distribution/target/turnstile-*.zip | head -n 1)
fi
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$work" && unzip -q "$zip")
install=$(ls -d "$work"/turnstile-*)

# The text tree: every tracked source, doc and build file of this repository, as it is.
# The logs tree: the same text, over and over, in 4 files of 2 MiB (few files: the link decides).
# The random tree: 4 files of 2 MiB of random bytes (incompressible: what --compress costs).
mkdir -p "$work/share/text" "$work/share/logs" "$work/share/random"
(cd "$root" && git ls-files -z -- '*.java' '*.md' '*.xml' '*.sh' '*.py' '*.properties') \
  | (cd "$root" && xargs -0 cp --parents -t "$work/share/text")
find "$work/share/text" -type f | sort | xargs cat > "$work/all.txt"
for i in 1 2 3 4; do
  head -c $((2 * 1024 * 1024)) /dev/urandom > "$work/share/random/r$i.bin"
  while [ "$(stat -c %s "$work/share/logs/l$i.log" 2>/dev/null || echo 0)" -lt $((2 * 1024 * 1024)) ]; do
    tail -c +$((i * 100000)) "$work/all.txt" >> "$work/share/logs/l$i.log"
  done
  truncate -s $((2 * 1024 * 1024)) "$work/share/logs/l$i.log"
done

port=$((20000 + RANDOM % 20000))
"$install/bin/turnstile" --port "$port" --files-root "$work/share" --data-dir "$work/data" \
  > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 600); do
  grep -q "indexed" "$work/server.log" 2>/dev/null && break
  sleep 0.1
done

printf '%-7s %-5s %-9s %8s %8s\n' tree rate compress seconds MB/s
for tree in text logs random; do
  bytes=$(du -sb --apparent-size "$work/share/$tree" | cut -f1)
  for rate in $rates; do
    for compress in "" --compress; do
      rm -rf "$work/dst"
      start=$(date +%s.%N)
      "$install/bin/turnstile-cli" -p "$port" pull --bwlimit "$rate" --include "/$tree/" --exclude "/*" \
        $compress "$work/dst" > "$work/cli.log" 2>&1 || { cat "$work/cli.log" >&2; exit 1; }
      end=$(date +%s.%N)
      diff -r "$work/share/$tree" "$work/dst/$tree" > /dev/null || { echo "compress.sh: $tree differs" >&2; exit 1; }
      awk -v t="$tree" -v r="$rate" -v c="${compress:-no}" -v s="$start" -v e="$end" -v b="$bytes" \
        'BEGIN { printf "%-7s %-5s %-9s %8.2f %8.1f\n", t, r, c, e - s, b / 1e6 / (e - s) }'
    done
  done
done
echo "($(du -sb --apparent-size "$work/share/text" | cut -f1) bytes of text in $(find "$work/share/text" -type f | wc -l) files;" \
  "$(du -sb --apparent-size "$work/share/logs" | cut -f1) bytes of text in 4 files;" \
  "$(du -sb --apparent-size "$work/share/random" | cut -f1) random bytes in 4 files)"

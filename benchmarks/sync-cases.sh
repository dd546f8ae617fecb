# One function per case of benchmarks/sync-vs-rsync.sh, sourced by it (not run on its own). Each
# takes the repetition's number, starts the servers it needs, runs both tools in the repetition's
# $order through `timed` (or `untimed` to prepare), and stops the servers again. Uses the driver's
# variables (work, src, cli, ports, sizes) and functions (start_turnstile, start_rsyncd, timed, ...).
# shellcheck shell=bash disable=SC2154

case_pull_big() {
  local rep=$1 tool
  start_turnstile pull-big "$src/big" "$port_ts"
  start_rsyncd
  for tool in $order; do
    rm -rf "$work/dst/pull-big-$tool"
    timed_pull pull-big "$rep" "$tool" "$big_mib" pull-big "$work/dst/pull-big-$tool"
  done
  rm -rf "$work/dst/pull-big-floor"
  timed_floor pull-big "$rep" "$big_mib" "$src/big"
  stop_turnstile pull-big
  stop_rsyncd
}

# pull-small, unchanged and changed share one server start per repetition, as a mirror would.
case_pull_small() {
  local rep=$1 tool
  start_turnstile pull-small "$src/small" "$port_ts"
  start_rsyncd
  for tool in $order; do
    rm -rf "$work/dst/pull-small-$tool"
    if selected pull-small; then
      timed_pull pull-small "$rep" "$tool" "$small_mib" pull-small "$work/dst/pull-small-$tool"
    else
      untimed "$work/logs/setup.log" "${tool}_pull" pull-small "$work/dst/pull-small-$tool"
    fi
  done
  if selected pull-small; then
    rm -rf "$work/dst/pull-small-floor"
    timed_floor pull-small "$rep" "$small_mib" "$src/small"
  fi
  if selected unchanged; then
    for tool in $order; do
      timed_pull unchanged "$rep" "$tool" 0 pull-small "$work/dst/pull-small-$tool"
    done
  fi
  if selected changed; then
    python3 "$helper" change-files "$src/small" "$files"
    for tool in $order; do
      timed_pull changed "$rep" "$tool" $(( (small_mib + 99) / 100 )) pull-small "$work/dst/pull-small-$tool"
    done
  fi
  stop_turnstile pull-small
  stop_rsyncd
}

# push-big, push-small: a first push into an empty writable folder, fresh every repetition, for
# both tools. The client's own state (SRC/.turnstile: its hash cache and upload journal) goes too,
# so every push is a first one and the source tree stays as rsync sees it.
case_push() {
  local tree=$1 rep=$2 size=$3 tool
  rm -rf "$work/push" "$work/data/push-$tree" "$src/$tree/.turnstile"
  mkdir -p "$work/push/turnstile" "$work/push/rsync"
  start_turnstile "push-$tree" "$work/push/turnstile" "$port_ts" --files-writable true
  start_rsyncd
  for tool in $order; do
    case $tool in
      turnstile) timed "push-$tree" "$rep" turnstile "$size" "${ts_pid[push-$tree]}" -- \
        "$cli" -p "$port_ts" push "$src/$tree"
        rm -rf "$src/$tree/.turnstile" ;;
      rsync) timed "push-$tree" "$rep" rsync "$size" "$rsync_pid" -- \
        rsync -a "$src/$tree/" "rsync://127.0.0.1:$port_rsync/push/" ;;
    esac
  done
  stop_turnstile "push-$tree"
  stop_rsyncd
  rm -rf "$work/push"
}

# delta: both mirrors hold the file (each made by its own tool, untimed, in the first repetition);
# then 10 regions of 4 KiB are rewritten in place from the repetition's seed and both update from
# the same source. rsync runs without -W, so its daemon uses the rolling-checksum delta; --stats
# prints its own byte counts. Wire bytes for both: the loopback's counter around the run.
case_delta() {
  local rep=$1 tool
  start_turnstile delta "$src/delta" "$port_ts"
  start_rsyncd
  if [ ! -d "$work/dst/delta-turnstile" ]; then
    untimed "$work/logs/setup.log" turnstile_pull delta "$work/dst/delta-turnstile"
    untimed "$work/logs/setup.log" rsync_pull delta "$work/dst/delta-rsync"
  fi
  echo "rep $rep: rewrote at offsets $(python3 "$helper" rewrite-regions "$src/delta/one.bin" --seed "$rep")" \
    >> "$work/delta-regions.txt"
  wait_indexed "$src/delta/one.bin" /one.bin
  for tool in $order; do
    case $tool in
      turnstile) timed delta "$rep" turnstile "$big_mib" "${ts_pid[delta]}" -- \
        "$cli" -p "$port_ts" pull "$work/dst/delta-turnstile" ;;
      rsync) timed delta "$rep" rsync "$big_mib" "$rsync_pid" -- \
        rsync -a --stats "rsync://127.0.0.1:$port_rsync/delta/" "$work/dst/delta-rsync/" ;;
    esac
  done
  # A block-level update still writes, hashes and forces a whole new file and renames it over the old
  # one: the floor is the kernel's copy of it, read back, hashed and forced, renamed over a copy of
  # the old version (made untimed: replacing a file of 1 GiB frees its blocks, which both tools pay).
  rm -rf "$work/dst/delta-floor"
  mkdir -p "$work/dst/delta-floor"
  cp "$work/dst/delta-rsync/one.bin" "$work/dst/delta-floor/one.bin"
  timed_floor delta "$rep" "$big_mib" "$src/delta" --kernel-copy
  stop_turnstile delta
  stop_rsyncd
}

# tls-pull: two Turnstile servers on the big file, one with a self-signed keystore; the client
# trusts exactly its certificate.
make_keystore() {
  tls_password=bench-$$-$RANDOM
  "${java_bin}keytool" -genkeypair -alias turnstile -keyalg EC -groupname secp256r1 -validity 30 \
    -dname "CN=127.0.0.1" -ext "SAN=ip:127.0.0.1,dns:localhost" -storetype PKCS12 \
    -keystore "$work/tls.p12" -storepass "$tls_password" -keypass "$tls_password" -noprompt >/dev/null 2>&1
  "${java_bin}keytool" -exportcert -rfc -alias turnstile -keystore "$work/tls.p12" \
    -storepass "$tls_password" -file "$work/tls.pem" >/dev/null 2>&1
}

case_tls_pull() {
  local rep=$1 tool
  [ -f "$work/tls.p12" ] || make_keystore
  start_turnstile tls-plain "$src/big" "$port_ts"
  TURNSTILE_TLS_PASSWORD=$tls_password start_turnstile tls "$src/big" "$port_tls" --tls-keystore "$work/tls.p12"
  # The servers run all the time: their first connection (and, over TLS, the JSSE set-up and first
  # handshake on the server's side) is not what the case measures. The client's are: every pull is
  # a new JVM.
  untimed "$work/logs/setup.log" "$cli" -p "$port_ts" /ping
  untimed "$work/logs/setup.log" "$cli" -p "$port_tls" --trust-cert "$work/tls.pem" /ping
  for tool in $order; do  # "turnstile" stands for TLS here, "rsync" for plain TCP
    rm -rf "$work/dst/tls-pull-$tool"
    case $tool in
      turnstile) timed tls-pull "$rep" turnstile-tls "$big_mib" "${ts_pid[tls]}" -- \
        "$cli" -p "$port_tls" --trust-cert "$work/tls.pem" pull "$work/dst/tls-pull-$tool" ;;
      rsync) timed tls-pull "$rep" turnstile-plain "$big_mib" "${ts_pid[tls-plain]}" -- \
        "$cli" -p "$port_ts" pull "$work/dst/tls-pull-$tool" ;;
    esac
  done
  stop_turnstile tls
  stop_turnstile tls-plain
}

# watch: `pull --watch` runs on the client core; a writer on the server core writes FILES files of
# 10 KiB into the shared folder GAP ms apart and stamps each close; an inotify watcher on the
# mirror stamps each rename into it (both CLOCK_MONOTONIC).
case_watch() {
  local rep=$1 dir=$work/watch client watcher i
  rm -rf "$dir"
  mkdir -p "$dir/src" "$dir/mirror"
  echo ready > "$dir/src/ready.txt"
  start_turnstile watch "$dir/src" "$port_ts"
  python3 "$helper" watch-renames "$dir/mirror" --count "$watch_files" \
    --timeout $(( watch_files * watch_gap_ms / 1000 + 120 )) >"$dir/renames.txt" 2>"$dir/watcher.err" &
  watcher=$!
  until grep -q ready "$dir/watcher.err" 2>/dev/null; do sleep 0.05; done
  taskset -c "$client_cpu" "$cli" -p "$port_ts" pull --watch "$dir/mirror" >"$work/logs/watch-rep$rep.log" 2>&1 &
  client=$!
  for ((i = 0; i < 1200; i++)); do
    [ -f "$dir/mirror/ready.txt" ] && break
    kill -0 "$client" 2>/dev/null || fail "pull --watch stopped before its first pull ($work/logs/watch-rep$rep.log)"
    sleep 0.1
  done
  [ -f "$dir/mirror/ready.txt" ] || fail "pull --watch made no first pull within 120 s"
  taskset -c "$server_cpu" python3 "$helper" write-files "$dir/src" --count "$watch_files" \
    --gap-ms "$watch_gap_ms" >"$dir/writes.txt"
  for ((i = 0; i < 300; i++)); do  # 30 s for the last files to arrive
    kill -0 "$watcher" 2>/dev/null || break
    sleep 0.1
  done
  kill "$watcher" 2>/dev/null || true
  wait "$watcher" 2>/dev/null || true
  local client_kib server_kib
  client_kib=$(python3 "$helper" tree-hwm "$client")
  server_kib=$(python3 "$helper" tree-hwm "${ts_pid[watch]}")
  kill -INT "$client" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do kill -0 "$client" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$client" 2>/dev/null || true
  wait "$client" 2>/dev/null || true
  python3 "$helper" latency --writes "$dir/writes.txt" --renames "$dir/renames.txt" --results "$results" \
    --rep "$rep" --client-kib "${client_kib:-0}" --server-kib "${server_kib:-0}"
  stop_turnstile watch
}

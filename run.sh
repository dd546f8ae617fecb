#!/usr/bin/env bash
# Runs the server from the distribution, in the foreground: ./run.sh [turnstile options].
# Rebuilds the zip when it is missing or older than a pom or a source file, and unpacks it
# afresh under distribution/target/run/ whenever the zip is newer than the unpacked copy (so a zip
# built by dist.sh or mvn is picked up too; unpacking afresh resets data/ and logs/).
set -eu

root=$(cd "$(dirname "$0")" && pwd -P)
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)
zip=$root/distribution/target/turnstile-$version.zip
run_dir=$root/distribution/target/run
install=$run_dir/turnstile-$version

stale() {
  [ ! -f "$zip" ] && return 0
  # Any pom or file under a src/ folder newer than the zip; build output and git are skipped.
  [ -n "$(find "$root" \( -name .git -o -name target \) -prune -o -type f \
      \( -name pom.xml -o -path '*/src/*' \) -newer "$zip" -print | head -n 1)" ]
}

if stale; then
  # dist.sh says on standard error that it is building; its standard output is only the zip's path.
  "$root/dist.sh" >/dev/null
fi
# The marker's time is when this copy was unpacked; the files inside keep the zip's fixed times.
marker=$install/.unpacked
if [ ! -f "$marker" ] || [ "$zip" -nt "$marker" ]; then
  rm -rf "$run_dir"
  mkdir -p "$run_dir"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$zip" -d "$run_dir"
  else
    (cd "$run_dir" && jar xf "$zip")
  fi
  chmod +x "$install"/bin/*
  touch "$marker"
fi
exec "$install/bin/turnstile" "$@"

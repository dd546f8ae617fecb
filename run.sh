#!/usr/bin/env bash
# Runs the server from the distribution, in the foreground: ./run.sh [turnstile options].
#
# Rebuilds the zip when it is missing or older than a pom or a source file, and unpacks it afresh
# under distribution/target/run/ whenever the zip is newer than the unpacked copy (so a zip built by
# dist.sh or mvn is picked up too). What is yours lives outside the build output, in run/ at the
# root of the checkout (git ignores it), and survives every rebuild and `mvn clean`:
#   run/share/              the shared folder (files-root)
#   run/data/               the data folder (data-dir): the lock, connection/TOKEN, the files plugin's state
#   run/logs/               the log
#   run/plugins/            your plugin jars, loaded beside the shipped ones (a jar of the same name wins)
#   run/turnstile.properties  your settings, if the file exists (passed as --config)
#   run/logback.xml         your logging set-up, if the file exists (copied to conf/logback.xml)
# share/, data/ and logs/ of the unpacked installation are links to the first three.
# The folders are given to the server as TURNSTILE_FILES_ROOT, TURNSTILE_DATA_DIR and
# TURNSTILE_PLUGINS, each unless it is already set in the environment or in
# run/turnstile.properties; the command line wins over all of them, as always.
set -eu

root=$(cd "$(dirname "$0")" && pwd -P)
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)
zip=$root/distribution/target/turnstile-$version.zip
run_dir=$root/distribution/target/run
install=$run_dir/turnstile-$version
user=$root/run

stale() {
  [ ! -f "$zip" ] && return 0
  # Any pom or file under a src/ folder newer than the zip; build output, git and run/ are skipped.
  [ -n "$(find "$root" \( -name .git -o -name target -o -path "$user" \) -prune -o -type f \
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
  chmod +x "$install"/bin/turnstile "$install"/bin/turnstile-cli
  touch "$marker"
fi

mkdir -p "$user/share" "$user/data" "$user/logs" "$user/plugins"
# The installation's own folders point to yours, for whoever looks for them there.
for folder in share data logs; do
  rm -rf "${install:?}/$folder"
  ln -s "$user/$folder" "$install/$folder"
done
rm -f "$install/conf/logback.xml"
if [ -f "$user/logback.xml" ]; then
  cp "$user/logback.xml" "$install/conf/logback.xml"
fi

# The plugins folder of this start: the shipped jars, then yours over them.
plugins=$run_dir/plugins
rm -rf "$plugins"
mkdir -p "$plugins"
cp "$install"/plugins/*.jar "$plugins"/
for jar in "$user"/plugins/*.jar; do
  if [ -f "$jar" ]; then
    cp "$jar" "$plugins"/
  fi
done

config=
if [ -f "$user/turnstile.properties" ]; then
  config=$user/turnstile.properties
  for arg in "$@"; do
    case $arg in --config|--config=*) config= ;; esac
  done
fi

# Sets TURNSTILE_<KEY> to a folder of run/, unless the environment or the properties file sets it.
default_to() {
  local key=$1 variable=$2 value=$3
  if [ -n "${!variable:-}" ]; then
    return
  fi
  if [ -n "$config" ] && grep -Eq "^[[:space:]]*$key[[:space:]]*[=:]" "$config"; then
    return
  fi
  export "$variable=$value"
}
default_to files-root TURNSTILE_FILES_ROOT "$user/share"
default_to data-dir TURNSTILE_DATA_DIR "$user/data"
default_to plugins TURNSTILE_PLUGINS "$plugins"

exec "$install/bin/turnstile" ${config:+--config "$config"} "$@"

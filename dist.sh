#!/usr/bin/env bash
# Builds the distribution zip (without running the tests) and prints its path as the last line.
set -eu

root=$(cd "$(dirname "$0")" && pwd -P)
# The project's own version is the first <version> of the parent pom.
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)
zip=$root/distribution/target/turnstile-$version.zip

# Maven is quiet (-q), so say what the wait is for; standard error keeps the path the last line.
echo "dist.sh: building the distribution with Maven (about half a minute the first time)..." >&2
# Maven talks on standard output; send it to standard error so the path stays the last line.
# The Javadoc and sources jars are for publishing, not for running: skipped, as they take time.
mvn -B -q -Dstyle.color=never -f "$root/pom.xml" package -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip >&2
if [ ! -f "$zip" ]; then
  echo "dist.sh: the build did not produce $zip" >&2
  exit 1
fi
echo "$zip"

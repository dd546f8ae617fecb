#!/usr/bin/env bash
# Builds the distribution zip (without running the tests) and prints its path as the last line.
set -eu

root=$(cd "$(dirname "$0")" && pwd -P)
# The project's own version is the first <version> of the parent pom.
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)
zip=$root/distribution/target/turnstile-$version.zip

# Maven talks on standard output; send it to standard error so the path stays the last line.
mvn -B -q -Dstyle.color=never -f "$root/pom.xml" package -DskipTests >&2
if [ ! -f "$zip" ]; then
  echo "dist.sh: the build did not produce $zip" >&2
  exit 1
fi
echo "$zip"

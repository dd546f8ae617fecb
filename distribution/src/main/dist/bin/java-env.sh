# Sourced by bin/turnstile and bin/turnstile-cli, not run: finds the Java runtime, asks it for its
# version and sets the locale. The sourcing script sets $prog (its name, for messages) and
# $no_java_status (its exit code when no runtime is found). It sets:
#   java          the java launcher to run
#   java_home     the runtime's home, as the runtime itself reports it
#   java_feature  its feature version (17, 21, 25, ...), 0 when it cannot be told
#   cds_kind, cds_use, cds_make, cds_quiet   the class-data archive's kind and JVM options for it

if [ -n "${JAVA_HOME:-}" ]; then
  java=$JAVA_HOME/bin/java
  if [ ! -x "$java" ]; then
    echo "$prog: JAVA_HOME is '$JAVA_HOME' but $java is not executable; point JAVA_HOME at a Java 17 or newer runtime" >&2
    exit "$no_java_status"
  fi
elif command -v java >/dev/null 2>&1; then
  java=java
else
  echo "$prog: no Java runtime found; set JAVA_HOME or put java (17 or newer) on the PATH" >&2
  exit "$no_java_status"
fi

# The version decides options (the kind of class-data archive, the survivor spaces of Java 25), so
# it must be the version of the runtime that will run, not a guess from a path. The quick way,
# without starting a JVM: follow the launcher's links to the real file; if that file is a program
# (not a script) with a release file in the folder above its bin/, it is a runtime's own launcher
# and that file names its version. A launcher that is anything else — a shim of asdf, jenv or mise,
# Homebrew's wrapper script, macOS's /usr/bin/java stub — is asked instead: one `java -version`
# run that prints the runtime's properties (about 40 ms), and the scripts then run that runtime's
# own launcher, so the JVM that runs is the one that was asked.
java_home=
java_feature=0
launcher=$(command -v "$java" || :)
while [ -h "$launcher" ]; do
  link=$(readlink "$launcher")
  case $link in
    /*) launcher=$link ;;
    *) launcher=${launcher%/*}/$link ;;
  esac
done
bin_dir=${launcher%/*}
if [ -f "$bin_dir/../release" ] && [ "$(head -c 2 "$launcher" 2>/dev/null)" != '#!' ]; then
  java_home=${bin_dir%/bin}
  java_feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$bin_dir/../release" 2>/dev/null || :)
else
  settings=$("$java" -XshowSettings:properties -version 2>&1 || :)
  java_home=$(printf '%s\n' "$settings" | sed -n 's/^ *java\.home = //p' | head -n 1)
  java_feature=$(printf '%s\n' "$settings" | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1)
  if [ -n "$java_home" ] && [ -x "$java_home/bin/java" ]; then
    java=$java_home/bin/java
  fi
fi
case ${java_feature:-} in
  ''|*[!0-9]*) java_feature=0 ;;
esac

# The class-data archive: on Java 25 or newer the JVM's ahead-of-time cache, before a dynamic CDS
# archive. The quiet options keep the JVM from printing about an archive it refuses (Java 25 logs
# them under "aot", which older runtimes do not know).
if [ "$java_feature" -ge 25 ]; then
  cds_kind=aot cds_use=-XX:AOTCache cds_make=-XX:AOTCacheOutput cds_quiet=-Xlog:aot=off,cds=off
else
  cds_kind=jsa cds_use=-XX:SharedArchiveFile cds_make=-XX:ArchiveClassesAtExit cds_quiet=-Xlog:cds=off,cds+dynamic=off
fi

# Java takes the encoding of file names from the locale: under C or POSIX a shared folder's
# non-ASCII names could be neither read nor written. Ask for UTF-8 when the locale says otherwise.
case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
  *[Uu][Tt][Ff]-8*|*[Uu][Tt][Ff]8*) ;;
  *) LC_ALL=C.UTF-8; export LC_ALL ;;
esac

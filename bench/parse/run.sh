#!/bin/sh
# Parse benchmark: generates a keepalived.conf with 5,000 virtual servers (10,000 real servers with HTTP_GET) and
# times ConfigLoader.load on it, in one JVM, after warm-up. Prints the figures; asserts nothing.
# Usage: bench/parse/run.sh [SERVERS] [ROUNDS]     (from the repository root or anywhere)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)
[ -n "$java" ] || java=java
if [ ! -f "$root/director/target/vigil.jar" ]; then
    (cd "$root" && mvn -q -B package -DskipTests -pl director -am)
fi
# A cold single parse, as check-config does it:
exec "$java" -cp "$root/director/target/vigil.jar:$root/director/target/lib/*" \
    "$root/bench/parse/ParseBench.java" "${1:-5000}" "${2:-20}"

#!/bin/sh
# JMH benchmark of the dataplane's per-packet path (ForwardingBench): ns per packet and bytes allocated per packet
# (GC profiler, gc.alloc.rate.norm) for the DNAT of an established LVS-NAT flow, the SNAT of its reply, the DR MAC
# rewrite and a frame that is not ours. In memory: no root, no network. Prints JMH's table; asserts nothing.
# Usage: bench/jmh/run.sh [JMH options...]     e.g. -f 1 -wi 1 -i 2 -p path=DR    (from anywhere)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/bench/jmh"
jdk=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)
[ -n "$jdk" ] || { echo "bench/jmh: no JDK 25 under /usr/lib/jvm" >&2; exit 1; }
if [ ! -d "$root/director/target/lib" ]; then
    (cd "$root" && mvn -q -B -pl director -am -DskipTests package)
fi
if [ ! -f "$here/target/lib/jmh-core-1.37.jar" ]; then
    mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$here/target/lib"
fi
cp="$root/director/target/lib/*:$here/target/lib/*"
rm -rf "$here/target/classes" && mkdir -p "$here/target/classes"
"$jdk/bin/javac" -d "$here/target/classes" -cp "$cp" -proc:full \
    -processorpath "$(ls "$here"/target/lib/*.jar | tr '\n' :)" \
    $(find "$here/src/main/java" -name '*.java')
# The dataplane jar is read from the class path (its module-info is ignored there): Agrona's unsafe access then
# needs jdk.internal.misc exported to the unnamed module, in the forked JVM too.
[ $# -gt 0 ] || set -- -f 1 -wi 3 -w 2s -i 5 -r 2s    # JMH options given replace these
opens="--add-exports java.base/jdk.internal.misc=ALL-UNNAMED"
exec "$jdk/bin/java" $opens -cp "$here/target/classes:$cp" org.openjdk.jmh.Main ForwardingBench \
    -jvmArgsAppend "$opens" -prof gc "$@"

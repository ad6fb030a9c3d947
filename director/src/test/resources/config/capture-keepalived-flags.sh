#!/bin/sh
# Captures the lines keepalived -t flags, as golden expectations for KeepalivedFlaggedLinesTest.
# Run from this directory on a host with keepalived 2.2.7 and interfaces lo + eth0 only relevant:
#   ./capture-keepalived-flags.sh > keepalived-flagged.txt
# Output: one "CASE FILE LINE" per flagged line, where CASE is golden/<dir> or keepalived-samples/<file>[@id].
set -u
flags() { # $1 case label, $2 directory, $3 file, $4 optional config id
    main=$3
    ( cd "$2" && keepalived -t -f "$main" ${4:+-i "$4"} --log-console 2>&1 ) \
        | sed -n -e 's/^(\([^:)]*\): Line \([0-9]*\)).*/\1 \2/p' -e "s/^(Line \([0-9]*\)).*/$main \1/p" \
        | sort -u | sed "s|^|$1 |"
}
for d in golden/*/; do
    d=${d%/}
    id=""
    [ -f "$d/config-id" ] && id=$(cat "$d/config-id")
    flags "$d" "$d" keepalived.conf "$id"
done
for f in keepalived-samples/*; do
    name=${f#keepalived-samples/}
    if [ "$name" = keepalived.conf.conditional_conf ]; then
        flags "$f@high" keepalived-samples "$name" high
        flags "$f@low" keepalived-samples "$name" low
    else
        flags "$f" keepalived-samples "$name"
    fi
done

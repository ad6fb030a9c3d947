#!/bin/sh
# Assembles the installed tree from the build's outputs and packs it twice: a .deb (dpkg-deb) and a tarball with
# the same layout for other distributions. Called by packaging/pom.xml at the package phase:
#   build-package.sh VERSION TARGET_DIR
# TARGET_DIR holds runtime/ (jlink), lib/ (the jars), man-adoc/ (picocli-codegen) and vigil.bash-completion.
set -eu
version=$1
target=$2
src=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$src/../.." && pwd)
deb_version=$(echo "$version" | sed 's/-/~/')
stage=$target/stage
rm -rf "$stage"
mkdir -p "$stage/usr/bin" "$stage/usr/lib/vigil/lib" "$stage/usr/lib/systemd/system" "$stage/etc/vigil" \
    "$stage/usr/share/man/man8" "$stage/usr/share/doc/vigil/examples" \
    "$stage/usr/share/bash-completion/completions" "$stage/usr/share/vigil/grafana"

# The program: the launcher, the jlink runtime and the jars (the launcher finds ../lib/vigil/runtime itself).
install -m 0755 "$repo/packaging/bin/vigil" "$stage/usr/bin/vigil"
cp -a "$target/runtime" "$stage/usr/lib/vigil/runtime"
for jar in "$target"/lib/*.jar; do
    case $(basename "$jar") in
        vigil-director-*.jar) install -m 0644 "$jar" "$stage/usr/lib/vigil/vigil.jar" ;;
        *) install -m 0644 "$jar" "$stage/usr/lib/vigil/lib/" ;;
    esac
done

# The manual: picocli-codegen wrote AsciiDoc for section 1; Vigil's commands are administration, section 8.
rm -rf "$target/man"
mkdir -p "$target/man"
for adoc in "$target"/man-adoc/*.adoc; do
    sed -e '1,/^= /s/^\(= .*\)(1)$/\1(8)/' -e 's/^:mansection: 1$/:mansection: 8/' "$adoc" > "$target/man/$(basename "$adoc")"
done
asciidoctor -b manpage -D "$target/man" "$target"/man/*.adoc
rm -f "$target"/man/*.adoc

# Service, configuration (conffiles), manual, completion, documentation, dashboard.
install -m 0644 "$src/systemd/vigil.service" "$stage/usr/lib/systemd/system/vigil.service"
install -m 0644 "$src/deb/etc/vigil/keepalived.conf" "$src/deb/etc/vigil/vigil.conf" "$stage/etc/vigil/"
if ls "$target"/man/*.8 >/dev/null 2>&1; then
    for page in "$target"/man/*.8; do
        gzip -9n -c "$page" > "$stage/usr/share/man/man8/$(basename "$page").gz"
    done
fi
install -m 0644 "$target/vigil.bash-completion" "$stage/usr/share/bash-completion/completions/vigil"
install -m 0644 "$repo/README.md" "$stage/usr/share/doc/vigil/README.md"
install -m 0644 "$src/deb/copyright" "$stage/usr/share/doc/vigil/copyright"
cp -r "$repo/conf/nginx-ha" "$stage/usr/share/doc/vigil/examples/"
# The Grafana dashboard (import it, or point a file provisioner at the directory).
install -m 0644 "$repo/packaging/grafana/vigil.json" "$stage/usr/share/vigil/grafana/vigil.json"
printf 'vigil (%s) unstable; urgency=medium\n\n  * Built from the Vigil source tree.\n\n -- Vigil developers <vigil@localhost>  %s\n' \
    "$deb_version" "$(date -R -u -d @"${SOURCE_DATE_EPOCH:-0}")" | gzip -9n > "$stage/usr/share/doc/vigil/changelog.Debian.gz"

# The tarball: the same tree, unpacked under / (or anywhere: usr/bin/vigil finds its runtime relatively).
tarball=$target/vigil-$version-linux-x86_64.tar.gz
tar --owner=0 --group=0 --numeric-owner --sort=name -C "$stage" -czf "$tarball" usr etc

# The .deb: control files, conffiles and maintainer scripts next to the same tree.
mkdir -p "$stage/DEBIAN"
install -m 0644 "$src/deb/DEBIAN/conffiles" "$stage/DEBIAN/conffiles"
for script in postinst prerm postrm; do
    install -m 0755 "$src/deb/DEBIAN/$script" "$stage/DEBIAN/$script"
done
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$deb_version/" -e "s/@INSTALLED_SIZE@/$size/" "$src/deb/DEBIAN/control.in" > "$stage/DEBIAN/control"
deb=$target/vigil_${deb_version}_amd64.deb
dpkg-deb --root-owner-group -Zgzip -z6 --build "$stage" "$deb" >/dev/null
echo "vigil package: $deb ($(du -k "$deb" | cut -f1) KiB), $tarball; runtime $(du -sk "$target/runtime" | cut -f1) KiB"

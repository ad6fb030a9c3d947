/** Tests of the built .deb and tarball (Debian policy: https://www.debian.org/doc/debian-policy/ch-files.html). */
package io.vigil.packaging;

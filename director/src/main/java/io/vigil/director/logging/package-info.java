/** Log lines for a terminal and for the systemd journal (stream protocol: https://www.freedesktop.org/software/systemd/man/latest/sd-daemon.html). */
package io.vigil.director.logging;

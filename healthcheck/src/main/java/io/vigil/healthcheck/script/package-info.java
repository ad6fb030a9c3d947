/** Running checker and notify scripts without a shell, with a timeout that kills the process tree. */
package io.vigil.healthcheck.script;

/** Checkers: one probe mechanism per keepalived checker type, asynchronous on a shared Netty event loop, no policy. */
package io.vigil.healthcheck.check;

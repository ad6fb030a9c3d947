/** Lab peers for the director's namespace tests: keepalived and the vigil daemon itself, started as real processes. */
package io.vigil.director.lab;

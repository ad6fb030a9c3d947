/** Lab peers for the director's namespace tests: the vigil daemon itself, started as a real process. */
package io.vigil.director.lab;

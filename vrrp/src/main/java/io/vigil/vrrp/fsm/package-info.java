/**
 * The VRRP state machine as a pure function {@code (nowNanos, event) -> actions}: RFC 5798 §6.4 (INIT, BACKUP,
 * MASTER) plus keepalived's FAULT, trackers, sync groups and GARP scheduling (keepalived.md §2;
 * https://www.rfc-editor.org/rfc/rfc5798#section-6.4).
 */
package io.vigil.vrrp.fsm;

/**
 * eBPF programs built in Java: the instruction encoding, a builder with jumps by label, and Vigil's XDP steering
 * program; see <a href="https://docs.kernel.org/bpf/standardization/instruction-set.html">the BPF instruction
 * set (RFC 9669)</a>.
 */
package io.vigil.dataplane.linux.bpf;

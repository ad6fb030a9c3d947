/**
 * JMH benchmarks of the dataplane's per-packet path (https://github.com/openjdk/jmh).
 */
package io.vigil.bench.forward;

package io.vigil.healthcheck.policy;

/**
 * The policy asks for checker {@code check} of real server {@code realServer} to be probed at {@code atNanos}.
 *
 * @param realServer index of the real server in the virtual server's spec
 * @param check      index of the checker in the real server's spec
 * @param atNanos    when, on the caller's {@code nowNanos} clock
 */
public record ProbeDue(int realServer, int check, long atNanos) {
}

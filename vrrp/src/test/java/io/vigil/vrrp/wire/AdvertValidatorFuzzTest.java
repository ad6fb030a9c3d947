package io.vigil.vrrp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.packet.Ipv4Header;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * "Bad input" from issue 4: 10^5 random and mutated packets at the validator. No exception may escape, and every
 * rejection is counted under exactly one reason.
 */
class AdvertValidatorFuzzTest {

    private static final int TRIES = 100_000;

    private static final List<AdvertProfile> IPV4_PROFILES = List.of(
            Datagrams.v3Ipv4(),
            new AdvertProfile(52, 2, IpFamily.IPV4, 100, AuthType.PASS, "secret", List.of(Datagrams.VIP1),
                    ChecksumMode.PSEUDO_HEADER, List.of(), false),
            new AdvertProfile(53, 3, IpFamily.IPV4, 100, AuthType.NONE, "", List.of(Datagrams.VIP2),
                    ChecksumMode.V3_AS_V2, List.of(), false),
            new AdvertProfile(54, 2, IpFamily.IPV4, 300, AuthType.NONE, "", List.of(Datagrams.VIP1, Datagrams.VIP2),
                    ChecksumMode.PSEUDO_HEADER, List.of(), false));
    private static final AdvertProfile IPV6_PROFILE = Datagrams.v3Ipv6();

    private final AdvertValidator ipv4 = new AdvertValidator(IpFamily.IPV4, IPV4_PROFILES);
    private final AdvertValidator ipv6 = new AdvertValidator(IpFamily.IPV6, List.of(IPV6_PROFILE));
    private final RejectCounters counters = new RejectCounters();
    private final Set<VrrpCheck> seen = EnumSet.noneOf(VrrpCheck.class);
    private long inputs;
    private long rejected;

    enum Mutation { NONE, RANDOM_BYTES, BIT_FLIP, TRUNCATE, EXTEND, FIELD, FIELD_RESUMMED }

    record Input(boolean v6, int profile, int priority, Mutation mutation, int position, int value, byte[] noise,
                 int hopLimit) {
    }

    @Provide
    Arbitrary<Input> inputs() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 9).map(i -> i < 2),
                        Arbitraries.integers().between(0, IPV4_PROFILES.size() - 1),
                        Arbitraries.integers().between(0, 255),
                        Arbitraries.of(Mutation.class),
                        Arbitraries.integers().between(0, 1 << 12),
                        Arbitraries.integers().between(0, 255),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(96),
                        Arbitraries.integers().between(0, 9).map(i -> i == 0 ? 64 : 255))
                .as(Input::new);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void noExceptionAndEveryRejectionHasOneReason(@ForAll("inputs") Input in) {
        AdvertProfile profile = in.v6() ? IPV6_PROFILE : IPV4_PROFILES.get(in.profile());
        byte[] valid = in.v6() ? Datagrams.ipv6(profile, in.priority()) : Datagrams.ipv4(profile, in.priority());
        int vrrpStart = in.v6() ? 0 : Ipv4Header.MIN_LENGTH;
        byte[] bytes = mutate(valid, vrrpStart, profile, in);

        VrrpCheck check = in.v6() ? Datagrams.check6(ipv6, bytes, in.hopLimit()) : Datagrams.check(ipv4, bytes);
        AdvertValidator validator = in.v6() ? ipv6 : ipv4;
        assertTrue(validator.diagnostic().startsWith(check.accepted() ? "" : check.name()), validator.diagnostic());

        inputs++;
        counters.record(check);
        seen.add(check);
        if (!check.accepted()) {
            rejected++;
        }
        if (in.mutation() == Mutation.NONE) {
            boolean ttlOk = !in.v6() || in.hopLimit() == 255;
            assertEquals(ttlOk ? VrrpCheck.OK : VrrpCheck.BAD_TTL, check);
        }
        if (in.mutation() == Mutation.BIT_FLIP && in.position() / 8 + vrrpStart < valid.length
                && in.position() / 8 >= 0 && profile.checksumMode() == ChecksumMode.PSEUDO_HEADER) {
            assertFalse(check.accepted(), () -> "a flipped bit in the VRRP message got through: " + in);
        }
        if (check == VrrpCheck.OK) {
            assertEquals(Set.copyOf(profile.virtualAddresses()), advertised(validator.packet(), profile.family()));
        }
    }

    @AfterProperty
    void everyRejectionIsCountedByReason() {
        assertEquals(TRIES, inputs);
        assertEquals(rejected, counters.totalRejected());
        long accepted = counters.count(VrrpCheck.OK) + counters.count(VrrpCheck.ADDRESS_LIST_MISMATCH);
        assertEquals(inputs, accepted + counters.totalRejected());
        // The mutations reach deep into the checks, not just the first one.
        assertTrue(seen.size() >= 12, () -> "reasons seen: " + seen);
        StringBuilder line = new StringBuilder("fuzz outcomes:");
        for (VrrpCheck c : VrrpCheck.values()) {
            line.append(' ').append(c).append('=').append(counters.count(c));
        }
        System.out.println(line);
    }

    private static byte[] mutate(byte[] valid, int vrrpStart, AdvertProfile profile, Input in) {
        byte[] b = Arrays.copyOf(valid, valid.length);
        switch (in.mutation()) {
            case NONE -> {
                return b;
            }
            case RANDOM_BYTES -> {
                byte[] noise = in.noise();
                if (!in.v6() && noise.length > 0) {
                    noise[0] = (byte) (0x40 | (noise[0] & 0x0f)); // often still looks like IPv4
                }
                return noise;
            }
            case BIT_FLIP -> {
                int bit = in.position() % (8 * (b.length - vrrpStart));
                b[vrrpStart + bit / 8] ^= (byte) (1 << (bit % 8));
                return b;
            }
            case TRUNCATE -> {
                return Arrays.copyOf(b, in.position() % b.length);
            }
            case EXTEND -> {
                byte[] longer = Arrays.copyOf(b, b.length + 1 + in.noise().length);
                System.arraycopy(in.noise(), 0, longer, b.length + 1, in.noise().length);
                return longer;
            }
            case FIELD, FIELD_RESUMMED -> {
                b[in.position() % b.length] = (byte) in.value();
                if (in.mutation() == Mutation.FIELD_RESUMMED && !in.v6() && b.length > vrrpStart + 8) {
                    return Datagrams.resum(b, profile);
                }
                return b;
            }
            default -> throw new AssertionError(in.mutation());
        }
    }

    private static Set<InetAddress> advertised(VrrpPacket p, IpFamily family) {
        Set<InetAddress> out = new HashSet<>();
        for (int i = 0; i < p.countIpAddrs(); i++) {
            out.add(family == IpFamily.IPV4 ? AddressWords.ipv4(p.ipv4Address(i))
                    : AddressWords.ipv6(p.ipv6AddressHigh(i), p.ipv6AddressLow(i)));
        }
        return out;
    }

    static MemorySegment segment(byte[] bytes) {
        return MemorySegment.ofArray(bytes);
    }
}

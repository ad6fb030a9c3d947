package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds a Maglev table from destinations given as {@code ADDRESS/PORT/WEIGHT} arguments, in the order given, and
 * prints its digest: the main class of the JVM that {@link MaglevAgreementTest} forks, as another director would
 * build the table. Single-threaded.
 */
final class MaglevTableDump {

    private MaglevTableDump() {
    }

    public static void main(String[] args) {
        List<Destination> pool = new ArrayList<>();
        for (String spec : args) {
            String[] parts = spec.split("/");
            pool.add(Fixture.destination(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), 0));
        }
        MaglevScheduler mh = new MaglevScheduler(false, false);
        mh.destinationsChanged(pool);
        System.out.println(digest(mh));
    }

    /** SHA-256 over every entry's destination (address and port, in entry order), in hex. */
    static String digest(MaglevScheduler mh) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < mh.tableSize(); i++) {
                Destination d = mh.entryAt(i);
                sha.update((d == null ? "-" : d.config().address().toString()).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}

package io.vigil.director.listing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ListOptionsTest {

    @Test
    void ipvsadmsSpellingsAndBundles() {
        assertEquals(ListOptions.DEFAULT, ListOptions.parse(List.of("-L", "-n", "--numeric", "-Ln", "--list")));
        assertEquals(new ListOptions(false, false, true, true, false, false), ListOptions.parse(List.of("-LncX")));
        assertEquals(new ListOptions(true, true, true, false, false, true),
                ListOptions.parse(List.of("--stats", "--rate", "--exact", "--json")));
        assertEquals(new ListOptions(false, false, false, true, true, false),
                ListOptions.parse(List.of("--connection", "--timeout")));
    }

    @Test
    void wordsReadBackToTheSameOptions() {
        ListOptions o = ListOptions.parse(List.of("-nX", "--rate", "--json"));
        assertEquals(List.of("--rate", "--exact", "--json"), o.words());
        assertEquals(o, ListOptions.parse(o.words()));
        assertEquals(List.of(), ListOptions.DEFAULT.words());
    }

    @Test
    void unknownOptionsAndConflictsAreNamed() {
        assertEquals("unknown option '--thresholds'; expected " + ListOptions.ACCEPTED,
                assertThrows(IllegalArgumentException.class, () -> ListOptions.parse(List.of("--thresholds"))).getMessage());
        assertEquals("unknown option '-t' in '-nt'; expected " + ListOptions.ACCEPTED,
                assertThrows(IllegalArgumentException.class, () -> ListOptions.parse(List.of("-nt"))).getMessage());
        assertEquals("unknown option 'stats'; expected " + ListOptions.ACCEPTED,
                assertThrows(IllegalArgumentException.class, () -> ListOptions.parse(List.of("stats"))).getMessage());
        assertEquals("options conflict: --timeout lists no services, so --rate does not apply (as in ipvsadm)",
                assertThrows(IllegalArgumentException.class,
                        () -> ListOptions.parse(List.of("--timeout", "--rate"))).getMessage());
        assertEquals("options conflict: -c lists no services, so --stats does not apply (as in ipvsadm)",
                assertThrows(IllegalArgumentException.class, () -> ListOptions.parse(List.of("--stats", "-c"))).getMessage());
    }
}

package io.vigil.director.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.director.lab.Lan;
import io.vigil.director.lab.Nginx;
import io.vigil.director.lab.VigilPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example pair in {@code conf/nginx-ha/}, unchanged, on two lab hosts whose eth0 sits on 198.18.0.0/24 as the
 * files expect: nginx runs on both, the VIP follows the healthy nginx, and a client's curl to the VIP says which
 * host answered.
 */
@Tag("netns")
class NginxHaExampleLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final Path EXAMPLES = Path.of("..", "conf", "nginx-ha").toAbsolutePath().normalize();

    @Test
    void theVipFollowsTheHealthyNginx() throws Exception {
        Lan lan = Lan.build(lab, "198.18.0", "m", "b", "c");
        Path dir = Files.createTempDirectory("vigil-nginx-ha");
        try (Nginx nginxM = Nginx.start(lan.host("m"), dir.resolve("nginx-m"), "0.0.0.0:80", "served by m");
             Nginx nginxB = Nginx.start(lan.host("b"), dir.resolve("nginx-b"), "0.0.0.0:80", "served by b");
             VigilPeer master = VigilPeer.start(lan.host("m"), dir.resolve("vigil-m"), Files.readString(EXAMPLES.resolve("master.conf")));
             VigilPeer backup = VigilPeer.start(lan.host("b"), dir.resolve("vigil-b"), Files.readString(EXAMPLES.resolve("backup.conf")))) {
            master.awaitState("VI_NGINX", "MASTER", Duration.ofSeconds(15));
            backup.awaitState("VI_NGINX", "BACKUP", Duration.ofSeconds(15));
            assertEquals("served by m", curlVip(lan));

            nginxM.stop();
            backup.awaitState("VI_NGINX", "MASTER", Duration.ofSeconds(15));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "served by b".equals(curlVip(lan)));

            nginxM.start();
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> "served by m".equals(curlVip(lan)));
            assertEquals("MASTER", master.lastState("VI_NGINX"));
            assertEquals("BACKUP", backup.lastState("VI_NGINX"));
        }
    }

    private static String curlVip(Lan lan) {
        var r = lan.host("c").exec("curl", "-s", "--max-time", "1", "http://198.18.0.100/");
        return r.ok() ? r.stdout().strip() : "curl exit " + r.exitCode();
    }
}

package io.vigil.director.health;

import io.vigil.director.config.BfdCheck;
import io.vigil.director.config.Checker;
import io.vigil.director.config.CheckerSettings;
import io.vigil.director.config.DnsCheck;
import io.vigil.director.config.FileCheck;
import io.vigil.director.config.HttpCheck;
import io.vigil.director.config.MiscCheck;
import io.vigil.director.config.PingCheck;
import io.vigil.director.config.RealServer;
import io.vigil.director.config.SmtpCheck;
import io.vigil.director.config.TcpCheck;
import io.vigil.director.config.TrackFile;
import io.vigil.director.config.UdpCheck;
import io.vigil.director.config.UrlCheck;
import io.vigil.healthcheck.spec.CheckSpec;
import io.vigil.healthcheck.spec.CheckTiming;
import io.vigil.healthcheck.spec.ConnectOptions;
import io.vigil.healthcheck.spec.HttpProtocol;
import io.vigil.healthcheck.spec.ScriptSpec;
import io.vigil.healthcheck.spec.StatusCodes;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Maps one real server's checker blocks onto probe specs and timings. The parser has already inherited the timing
 * options virtual_server → real_server → checker and applied each checker's defaults (check_api.c L149-154), so
 * this is a translation of units and shapes, plus the defaults that depend on the real server (connect_ip and
 * connect_port default to its address and port). Checkers that cannot run are skipped with a warning. Stateless.
 */
final class CheckSpecMapper {

    /** Every status code keepalived accepts; a url with a digest and no status_code checks only the digest. */
    private static final StatusCodes ANY_STATUS = StatusCodes.parse(StatusCodes.MIN + "-" + StatusCodes.MAX);

    private final Optional<String> scriptUser;
    private final Map<String, TrackFile> trackFiles;

    CheckSpecMapper(Optional<String> scriptUser, List<TrackFile> trackFiles) {
        this.scriptUser = scriptUser;
        this.trackFiles = trackFiles.stream().collect(Collectors.toMap(TrackFile::name, t -> t, (a, b) -> b));
    }

    /** The specs of {@code rs}'s checkers; SMTP_CHECK gives one spec per {@code host}. */
    List<CheckSpec> map(RealServer rs, String where, Consumer<String> warn) {
        List<CheckSpec> out = new ArrayList<>();
        for (Checker checker : rs.checkers()) {
            String at = checker.type() + " at " + checker.position() + " (" + where + ")";
            try {
                switch (checker) {
                    case TcpCheck c -> connect(rs, c.settings(), at, warn).ifPresent(o ->
                            out.add(new CheckSpec(new io.vigil.healthcheck.spec.TcpCheck(o), timing(c.settings()))));
                    case HttpCheck c -> connect(rs, c.settings(), at, warn).ifPresent(o -> out.add(http(c, o, at, warn)));
                    case MiscCheck c -> out.add(misc(c));
                    case DnsCheck c -> connect(rs, c.settings(), at, warn).ifPresent(o -> out.add(new CheckSpec(
                            new io.vigil.healthcheck.spec.DnsCheck(o, c.queryType(), c.name(), false),
                            timing(c.settings()))));
                    case SmtpCheck c -> smtp(rs, c, at, warn, out);
                    case UdpCheck c -> connect(rs, c.settings(), at, warn).ifPresent(o -> out.add(udp(c, o)));
                    case PingCheck c -> out.add(new CheckSpec(new io.vigil.healthcheck.spec.PingCheck(
                            c.settings().connectIp() != null ? c.settings().connectIp() : rs.address(),
                            nanos(c.settings().connectTimeout())), timing(c.settings())));
                    case FileCheck c -> file(rs, c, at, warn).ifPresent(out::add);
                    case BfdCheck c -> warn.accept(at + ": BFD_CHECK is not supported; the checker is skipped");
                }
            } catch (IllegalArgumentException e) {
                warn.accept(at + ": " + e.getMessage() + "; the checker is skipped");
            }
        }
        return out;
    }

    /** A checker's timing, already inherited; warmup unset means a random delay of up to delay_loop. */
    static CheckTiming timing(CheckerSettings s) {
        long delayLoop = nanos(s.delayLoop());
        return new CheckTiming(delayLoop, s.retry(), nanos(s.delayBeforeRetry()),
                s.warmup() == null ? delayLoop : nanos(s.warmup()), s.alpha());
    }

    private static Optional<ConnectOptions> connect(RealServer rs, CheckerSettings s, String at, Consumer<String> warn) {
        Integer port = s.connectPort() != null ? s.connectPort() : rs.port();
        if (port == null || port == 0) {
            warn.accept(at + ": no port to connect to (the real server has none), expected connect_port;"
                    + " the checker is skipped");
            return Optional.empty();
        }
        if (s.bindIf() != null || s.fwmark() != null) {
            warn.accept(at + ": bind_if and fwmark are not supported; the checker connects without them");
        }
        InetSocketAddress target = new InetSocketAddress(s.connectIp() != null ? s.connectIp() : rs.address(), port);
        Optional<InetSocketAddress> bind = s.bindTo() == null && s.bindPort() == null ? Optional.empty()
                : Optional.of(s.bindTo() == null ? new InetSocketAddress(s.bindPort())
                        : new InetSocketAddress(s.bindTo(), s.bindPort() == null ? 0 : s.bindPort()));
        return Optional.of(new ConnectOptions(target, bind, nanos(s.connectTimeout())));
    }

    private static CheckSpec http(HttpCheck c, ConnectOptions connect, String at, Consumer<String> warn) {
        List<io.vigil.healthcheck.spec.UrlCheck> urls = new ArrayList<>();
        for (UrlCheck u : c.urls()) {
            if (u.regex() != null) {
                warn.accept(at + ": url " + u.path() + ": regex is not supported; only status and digest are checked");
            }
            StatusCodes codes = u.statusCodes().isEmpty() ? ANY_STATUS : StatusCodes.parse(u.statusCodes().stream()
                    .map(r -> r.from() == r.to() ? Integer.toString(r.from()) : r.from() + "-" + r.to())
                    .collect(Collectors.joining(" ")));
            urls.add(new io.vigil.healthcheck.spec.UrlCheck(u.path(), Optional.ofNullable(u.digest()), codes,
                    Optional.ofNullable(u.virtualhost())));
        }
        HttpProtocol protocol = HttpProtocol.parse(c.httpProtocol()).orElseThrow(() -> new IllegalArgumentException(
                "http_protocol '" + c.httpProtocol() + "', expected 1.0, 1.0C or 1.1"));
        return new CheckSpec(new io.vigil.healthcheck.spec.HttpCheck(connect, c.tls(), protocol,
                Optional.ofNullable(c.virtualhost()), c.enableSni(), Optional.ofNullable(c.sniName()), urls),
                timing(c.settings()));
    }

    private CheckSpec misc(MiscCheck c) {
        Optional<String> user = Optional.empty();
        Optional<String> group = Optional.empty();
        if (c.user() != null) {
            String[] words = c.user().trim().split("\\s+");
            user = Optional.of(words[0]);
            group = words.length > 1 ? Optional.of(words[1]) : Optional.empty();
        } else {
            user = scriptUser;
        }
        return new CheckSpec(new io.vigil.healthcheck.spec.MiscCheck(new ScriptSpec(c.miscPath(), user, group),
                nanos(c.miscTimeout()), c.miscDynamic()), timing(c.settings()));
    }

    private static void smtp(RealServer rs, SmtpCheck c, String at, Consumer<String> warn, List<CheckSpec> out) {
        List<CheckerSettings> hosts = c.hosts().isEmpty() ? List.of(c.settings()) : c.hosts();
        for (CheckerSettings host : hosts) {
            connect(rs, host, at, warn).ifPresent(o -> out.add(new CheckSpec(
                    new io.vigil.healthcheck.spec.SmtpCheck(o, c.heloName()), timing(host))));
        }
    }

    private static CheckSpec udp(UdpCheck c, ConnectOptions connect) {
        HexFormat hex = HexFormat.of();
        byte[] payload = c.payload() == null ? new byte[0] : hex.parseHex(c.payload());
        Optional<byte[]> reply = Optional.ofNullable(c.replyPattern()).map(hex::parseHex);
        int min = c.minReplyLength() == null ? 0 : c.minReplyLength();
        int max = c.maxReplyLength() == null ? io.vigil.healthcheck.spec.UdpCheck.DEFAULT_MAX_REPLY_LENGTH
                : c.maxReplyLength();
        return new CheckSpec(new io.vigil.healthcheck.spec.UdpCheck(connect, payload, c.requireReply(), reply, min, max),
                timing(c.settings()));
    }

    /**
     * FILE_CHECK reads its track_file every delay_loop of the real server; a failed read counts at once (no retry):
     * keepalived follows the file with inotify and has no retry for it (check_file.c).
     */
    private Optional<CheckSpec> file(RealServer rs, FileCheck c, String at, Consumer<String> warn) {
        TrackFile track = trackFiles.get(c.trackFile());
        if (track == null) {
            warn.accept(at + ": track_file '" + c.trackFile() + "' is not defined, expected a track_file block;"
                    + " the checker is skipped");
            return Optional.empty();
        }
        if (c.dynamic()) {
            warn.accept(at + ": 'dynamic' is not supported; the file's value times the weight is added instead");
        }
        int weight = c.weight() != null ? c.weight() : track.weight();
        boolean reverse = c.weight() != null ? c.reverse() : track.reverse();
        long delayLoop = nanos(rs.delayLoop());
        return Optional.of(new CheckSpec(new io.vigil.healthcheck.spec.FileCheck(Path.of(track.file()), weight, reverse),
                new CheckTiming(delayLoop, 0, 0, 0, rs.alpha())));
    }

    static long nanos(Duration d) {
        return d.toNanos();
    }
}

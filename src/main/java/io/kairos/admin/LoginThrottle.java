package io.kairos.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing: a client (its address) with {@code maxFailures} failed sign-ins within the failure
 * window is refused for the lockout, whatever it sends. In memory, per replica: each replica allows its own share.
 */
@Component
class LoginThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);

    /** Bounds the memory an attacker spraying addresses can take; the oldest entries go first. */
    private static final int MAX_CLIENTS = 10_000;

    private final AdminProperties properties;
    private final Clock clock;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();

    LoginThrottle(AdminProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** How long this client must still wait; zero when it may try. */
    Duration retryAfter(String client) {
        Client state = clients.get(client);
        if (state == null) {
            return Duration.ZERO;
        }
        synchronized (state) {
            Instant now = clock.instant();
            return state.blockedUntil != null && now.isBefore(state.blockedUntil)
                    ? Duration.between(now, state.blockedUntil) : Duration.ZERO;
        }
    }

    /** Counts a failed sign-in; the one that reaches the limit starts the lockout. */
    void failed(String client) {
        if (clients.size() >= MAX_CLIENTS && !clients.containsKey(client)) {
            prune();
            if (clients.size() >= MAX_CLIENTS) {
                return;
            }
        }
        Client state = clients.computeIfAbsent(client, k -> new Client());
        synchronized (state) {
            Instant now = clock.instant();
            Instant since = now.minus(properties.failureWindow());
            while (!state.failures.isEmpty() && state.failures.peekFirst().isBefore(since)) {
                state.failures.removeFirst();
            }
            state.failures.addLast(now);
            if (state.failures.size() >= properties.maxFailures()) {
                state.blockedUntil = now.plus(properties.lockout());
                state.failures.clear();
                LOG.warn("Admin sign-in refused for {} from {}: {} failed attempts", properties.lockout(), client,
                        properties.maxFailures());
            }
        }
    }

    /** A successful sign-in forgets the client's earlier failures. */
    void succeeded(String client) {
        clients.remove(client);
    }

    /** Forgets every client (tests). */
    void clear() {
        clients.clear();
    }

    private void prune() {
        Instant now = clock.instant();
        Instant since = now.minus(properties.failureWindow());
        clients.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                Client c = e.getValue();
                boolean blocked = c.blockedUntil != null && now.isBefore(c.blockedUntil);
                return !blocked && (c.failures.isEmpty() || c.failures.peekLast().isBefore(since));
            }
        });
    }

    private static final class Client {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant blockedUntil;
    }
}

package io.kairos.agent;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which installation an {@code Authorization} header belongs to, and whether that installation's Zendesk is the one
 * Kairos serves. Every configured token is compared, in constant time, whatever matched before: the time an answer
 * takes says nothing about the tokens.
 */
final class AgentTokens {

    private static final String BEARER = "Bearer ";

    private final List<Installation> installations;
    private final String servedSubdomain;

    private record Installation(String subdomain, byte[] expected) { }

    /** The installation a request came from: its Zendesk subdomain and the name of its token's rate limit. */
    record Caller(String subdomain, String rateName) {

        /** Whether this caller may see the data of the Zendesk Kairos serves. */
        boolean owns(String served) {
            return served != null && subdomain != null && subdomain.equals(served);
        }
    }

    AgentTokens(List<AgentProperties.Token> tokens, String servedSubdomain) {
        this.servedSubdomain = servedSubdomain;
        this.installations = tokens.stream()
                // An unset token (KAIROS_AGENT_TOKEN empty) must never match an empty bearer.
                .filter(t -> t.token() != null && !t.token().isBlank())
                .map(t -> new Installation(normalise(t.subdomain()), (BEARER + t.token().trim()).getBytes(
                        StandardCharsets.UTF_8)))
                .toList();
    }

    /** The caller whose token the header carries; empty for none, a blank one or a wrong one. */
    Optional<Caller> callerOf(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        byte[] given = authorization.getBytes(StandardCharsets.UTF_8);
        Caller match = null;
        for (int i = 0; i < installations.size(); i++) {
            Installation installation = installations.get(i);
            if (MessageDigest.isEqual(installation.expected(), given) && match == null) {
                // Per token, not per subdomain: two installations of one Zendesk have a budget each.
                match = new Caller(installation.subdomain(), "agent-api:" + installation.subdomain() + "#" + i);
            }
        }
        return Optional.ofNullable(match);
    }

    /** The subdomain of the Zendesk Kairos serves; null when it cannot be told (then no token owns any ticket). */
    String servedSubdomain() {
        return servedSubdomain;
    }

    /**
     * The subdomain of a zendesk.com base URL (https://acme.zendesk.com → acme); for any other address (a sandbox,
     * a test stand-in) the configured one, else null.
     */
    static String servedSubdomain(String zendeskBaseUrl, String configured) {
        String host = host(zendeskBaseUrl);
        if (host != null && host.endsWith(".zendesk.com")) {
            String sub = host.substring(0, host.length() - ".zendesk.com".length());
            return sub.isEmpty() || sub.contains(".") ? null : sub;
        }
        return normalise(configured);
    }

    private static String host(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            String host = URI.create(url.trim()).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notAUrl) {
            return null;
        }
    }

    private static String normalise(String subdomain) {
        return subdomain == null || subdomain.isBlank() ? null : subdomain.trim().toLowerCase(Locale.ROOT);
    }
}

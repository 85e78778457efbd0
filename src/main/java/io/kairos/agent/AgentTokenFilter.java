package io.kairos.agent;

import io.kairos.platform.JsonRefusals;
import io.kairos.platform.SharedRateLimits;
import io.kairos.zendesk.ZendeskProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /api/agent/**} with the agent tokens ({@code kairos.agent.tokens}), not the ops token: 401 without a
 * valid one, 403 for an installation in another Zendesk than the one Kairos serves, 429 with Retry-After over the
 * token's rate. No answer of the agent API is cached by a browser or proxy.
 */
class AgentTokenFilter extends OncePerRequestFilter {

    /** The request attribute naming the caller's Zendesk subdomain, for the controller's messages. */
    static final String SUBDOMAIN = AgentTokenFilter.class.getName() + ".subdomain";

    private static final long MINUTE = 60_000;

    private final AgentTokens tokens;
    private final SharedRateLimits limits;
    private final double steadyRate;
    private final int burst;

    AgentTokenFilter(AgentTokens tokens, SharedRateLimits limits, int ratePerMinute) {
        this.tokens = tokens;
        this.limits = limits;
        // Half the rate may come at once (a few tickets opened in a row), the other half is the steady rate: in
        // any minute at most rate-per-minute requests pass.
        this.burst = ratePerMinute / 2;
        this.steadyRate = ratePerMinute - burst;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Cache-Control", "no-store");
        var caller = tokens.callerOf(request.getHeader("Authorization"));
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer");
            JsonRefusals.write(response, 401, "unauthorized", "A valid agent token is required (Authorization: Bearer …).");
            return;
        }
        if (!caller.get().owns(tokens.servedSubdomain())) {
            JsonRefusals.write(response, 403, "forbidden", "This token was issued for the Zendesk '" + caller.get().subdomain()
                    + "', whose tickets this Kairos does not serve.");
            return;
        }
        Duration early = limits.tryAcquire(caller.get().rateName(), steadyRate, MINUTE, burst);
        if (!early.isZero()) {
            long seconds = JsonRefusals.retryAfterSeconds(early);
            response.setHeader("Retry-After", Long.toString(seconds));
            JsonRefusals.write(response, 429, "rate_limited", "Too many requests with this token; retry in " + seconds + " s.");
            return;
        }
        request.setAttribute(SUBDOMAIN, caller.get().subdomain());
        chain.doFilter(request, response);
    }

    /** Registers the filter on /api/agent/*, where the ops token's filter steps aside. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        FilterRegistrationBean<AgentTokenFilter> agentToken(AgentProperties agent, ZendeskProperties zendesk,
                                                            SharedRateLimits limits) {
            var tokens = new AgentTokens(agent.tokens(),
                    AgentTokens.servedSubdomain(zendesk.baseUrl(), agent.zendeskSubdomain()));
            var registration = new FilterRegistrationBean<>(new AgentTokenFilter(tokens, limits,
                    agent.ratePerMinute()));
            registration.addUrlPatterns("/api/agent/*");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
            return registration;
        }
    }
}

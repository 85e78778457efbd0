package io.kairos.webhooks;

import io.kairos.platform.JsonRefusals;
import io.kairos.platform.WebhookIntake;
import io.kairos.platform.WebhookProperties;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 + Retry-After on the webhook paths while their routes are not started, so a sender retries a
 * delivery that arrives during start-up instead of dropping it on a 404. Checked before the body is read.
 */
public class WebhookStartupFilter extends OncePerRequestFilter {

    private final BooleanSupplier started;
    private final long retryAfterSeconds;
    private final MeterRegistry meters;

    public WebhookStartupFilter(BooleanSupplier started, long retryAfterSeconds, MeterRegistry meters) {
        this.started = started;
        this.retryAfterSeconds = retryAfterSeconds;
        this.meters = meters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (started.getAsBoolean()) {
            chain.doFilter(request, response);
            return;
        }
        // One series for every path: a tag taken from the request path would let any caller mint new series.
        meters.counter(WebhookIntake.COUNTER, "source", "any", "outcome", "starting").increment();
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        JsonRefusals.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "starting",
                "Kairos is starting; retry after " + retryAfterSeconds + " s.");
    }

    /** Registers the filter on the webhook paths, ahead of every other filter there. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        FilterRegistrationBean<WebhookStartupFilter> webhookStartup(WebhookRoutes routes, WebhookProperties properties,
                                                                    MeterRegistry meters) {
            var registration = new FilterRegistrationBean<>(new WebhookStartupFilter(routes::started,
                    properties.startingRetryAfter().toSeconds(), meters));
            registration.addUrlPatterns("/webhooks/*");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
            return registration;
        }
    }
}

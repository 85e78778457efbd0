package io.kairos.intercom;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

/** The HTTP client Camel uses for Intercom: its timeouts, and no request ever re-sent behind the outbox's back. */
@Component("intercomHttpClient")
public class IntercomHttpClient implements HttpClientConfigurer {

    private final IntercomProperties properties;

    public IntercomHttpClient(IntercomProperties properties) {
        this.properties = properties;
    }

    @Override
    @SuppressWarnings("deprecation")
    public void configureHttpClient(HttpClientBuilder builder) {
        // HttpClient 5 re-sends even a POST by itself after a 429 or 503 (after one second unless Retry-After says
        // otherwise): that would go out before Intercom's reset time and without the outbox counting it.
        builder.disableAutomaticRetries();
        // Camel shares one connection manager between its HTTP endpoints, so the connect timeout is set per
        // request, as Camel's own connectTimeout option does.
        builder.setDefaultRequestConfig(RequestConfig.custom()
                .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                .setResponseTimeout(Timeout.of(properties.responseTimeout()))
                .build());
    }
}

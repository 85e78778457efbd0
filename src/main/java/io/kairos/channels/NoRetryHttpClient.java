package io.kairos.channels;

import java.time.Duration;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.util.Timeout;

/** The HTTP client Camel uses for a message channel: its timeouts, and no request ever re-sent behind the outbox's back. */
public class NoRetryHttpClient implements HttpClientConfigurer {

    private final Duration connectTimeout;
    private final Duration responseTimeout;

    public NoRetryHttpClient(Duration connectTimeout, Duration responseTimeout) {
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
    }

    @Override
    @SuppressWarnings("deprecation")
    public void configureHttpClient(HttpClientBuilder builder) {
        // HttpClient 5 re-sends even a POST by itself after a 429 or 503 (after one second unless Retry-After says
        // otherwise): that would go out before the API's reset time and without the outbox counting it.
        builder.disableAutomaticRetries();
        // Camel shares one connection manager between its HTTP endpoints, so the connect timeout is set per
        // request, as Camel's own connectTimeout option does.
        builder.setDefaultRequestConfig(RequestConfig.custom()
                .setConnectTimeout(Timeout.of(connectTimeout))
                .setResponseTimeout(Timeout.of(responseTimeout))
                .build());
    }
}

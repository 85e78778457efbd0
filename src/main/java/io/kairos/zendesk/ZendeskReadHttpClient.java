package io.kairos.zendesk;

import io.kairos.proactive.OpenTicketProperties;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

/** The HTTP client of Kairos's Zendesk reads while planning: a slow helpdesk must not stall a signal. */
@Component("zendeskReadHttpClient")
public class ZendeskReadHttpClient implements HttpClientConfigurer {

    private final OpenTicketProperties settings;

    public ZendeskReadHttpClient(OpenTicketProperties settings) {
        this.settings = settings;
    }

    @Override
    @SuppressWarnings("deprecation")
    public void configureHttpClient(HttpClientBuilder builder) {
        // A 429 or 503 is not waited out here: the lookup falls back to Kairos's own links for that signal.
        builder.disableAutomaticRetries();
        builder.setDefaultRequestConfig(RequestConfig.custom()
                .setConnectTimeout(Timeout.of(settings.timeout()))
                .setResponseTimeout(Timeout.of(settings.timeout()))
                .build());
    }
}

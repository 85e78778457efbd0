package io.kairos.intercom;

import io.kairos.channels.NoRetryHttpClient;
import org.springframework.stereotype.Component;

/** The HTTP client Camel uses for Intercom: intercom.connect-timeout and intercom.response-timeout, no retries. */
@Component("intercomHttpClient")
public class IntercomHttpClient extends NoRetryHttpClient {

    public IntercomHttpClient(IntercomProperties properties) {
        super(properties.connectTimeout(), properties.responseTimeout());
    }
}

package io.kairos.channels;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The HTTP client of the generic {@code http-message-sink}: kairos.channels.connect-timeout and response-timeout. */
@Component("channelHttpClient")
public class ChannelHttpClient extends NoRetryHttpClient {

    public ChannelHttpClient(@Value("${kairos.channels.connect-timeout:5s}") Duration connectTimeout,
                             @Value("${kairos.channels.response-timeout:10s}") Duration responseTimeout) {
        super(connectTimeout, responseTimeout);
    }
}

package io.kairos.intercom;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Intercom bridge: Intercom conversations become Zendesk tickets (the client secret that signs the webhooks is
 * {@code intercom.client-secret}, INTERCOM_CLIENT_SECRET).
 *
 * @param enabled      serves {@code POST /webhooks/intercom}; when true, INTERCOM_CLIENT_SECRET is required
 * @param solveOnClose whether an admin closing the conversation in Intercom solves its Zendesk ticket
 * @param linkWait     how long a reply or close waits for its conversation's ticket before it is dead-lettered
 */
@ConfigurationProperties("kairos.intercom-bridge")
public record IntercomBridgeProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("false") boolean solveOnClose,
        @DefaultValue("1h") Duration linkWait) { }

package io.kairos.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a route file uses, as live reload reads it to know which flows a Kamelet edit concerns. */
class CamelYamlTest {

    @Test
    void aKameletNamedThroughAPlaceholderIsUsedUnderEveryNameItCanTake() {
        CamelYaml.Contents contents = CamelYaml.parse("routes/signals.camel.yaml", """
                - route:
                    id: signals
                    from:
                      uri: "kamelet:salesforce-signal-{{kairos.signals.transport:cometd}}-source"
                      steps:
                        - to: kamelet:zendesk-ticket-update-sink
                """);

        assertThat(contents.usesKamelet("salesforce-signal-cometd-source")).isTrue();
        assertThat(contents.usesKamelet("salesforce-signal-pubsub-source")).isTrue();
        assertThat(contents.usesKamelet("zendesk-ticket-update-sink")).isTrue();
        assertThat(contents.usesKamelet("salesforce-customer-lookup-action")).isFalse();
        assertThat(contents.usesKamelet("zendesk-ticket-update")).as("whole names only").isFalse();
    }

    @Test
    void aTemplatedRouteIsItsFilesRouteAndUsesItsTemplateLikeAKamelet() {
        CamelYaml.Contents contents = CamelYaml.parse("routes/outbox-to-sms-message.camel.yaml", """
                - templatedRoute:
                    routeTemplateRef: outbox-to-channel
                    routeId: outbox-to-sms-message
                    parameters:
                      - name: channel
                        value: sms
                """);

        assertThat(contents.routes()).containsExactly("outbox-to-sms-message");
        assertThat(contents.usesKamelet("outbox-to-channel")).as("an edit of the template reloads it").isTrue();
    }
}

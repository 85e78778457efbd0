package io.kairos.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Kamelet in connectors/ follows the camel-kamelets conventions, and the required ones exist. */
class KameletConventionsTest {

    static Stream<Path> kamelets() throws IOException {
        return Files.list(Path.of("connectors")).filter(p -> p.toString().endsWith(KameletConventions.SUFFIX))
                .sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kamelets")
    void followsTheConventions(Path kamelet) throws IOException {
        String file = "connectors/" + kamelet.getFileName();

        assertThat(KameletConventions.check(file, YamlDocument.parse(file, Files.readString(kamelet)))).isEmpty();
    }

    @Test
    void theConnectorsOfTheIssueAreAllThere() throws IOException {
        assertThat(kamelets().map(p -> p.getFileName().toString().replace(KameletConventions.SUFFIX, "")))
                .contains("zendesk-webhook-source", "zendesk-ticket-update-sink", "zendesk-ticket-create-sink",
                        "salesforce-signal-cometd-source", "salesforce-signal-pubsub-source",
                        "salesforce-customer-lookup-action", "intercom-webhook-source", "intercom-message-sink");
    }

    @Test
    void aKameletBreakingTheConventionsIsToldWhatAndWhere() {
        String file = "connectors/zendesk-ticket-sink.kamelet.yaml";
        String text = """
                apiVersion: camel.apache.org/v1
                kind: Kamelet
                metadata:
                  name: zendesk-ticket-writer
                  labels:
                    camel.apache.org/kamelet.type: sink
                spec:
                  definition:
                    title: Zendesk Ticket Writer
                    description: Writes tickets.
                    required: [apiToken, email]
                    properties:
                      apiToken:
                        title: API Token
                        description: The agent's API token.
                        type: string
                  template:
                    from:
                      uri: kamelet:source
                """;

        List<ConfigProblem> problems = KameletConventions.check(file, YamlDocument.parse(file, text));

        assertThat(problems).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                file + ":4: metadata.name 'zendesk-ticket-writer' must be the file name without .kamelet.yaml",
                file + ":4: the name must end in -source, -sink or -action",
                file + ":13: secret property 'apiToken' must be marked format: password",
                file + ":11: required property 'email' is not defined");
    }
}

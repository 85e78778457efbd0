package io.kairos.support;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/** Adds a route file's flows to a running context as Camel Main does at boot, templated routes included. */
public final class YamlRoutes {

    private YamlRoutes() {
    }

    public static void add(CamelContext camel, String fileName, String yaml) throws Exception {
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(
                ResourceHelper.fromString(fileName, yaml))) {
            camel.addRoutes(builder);
            // The routes loader leaves templated routes to Camel Main; added after the file's templates, as there.
            camel.addTemplatedRoutes(builder);
        }
    }
}

package io.kairos.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.NoSuchBeanException;
import org.apache.camel.NoSuchEndpointException;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.KameletDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Reads a route or Kamelet file with Camel's YAML DSL without adding anything to a running context: what a DSL
 * mistake (an unknown step, a misspelt option) is, and on which line, before Camel is asked to load the file; and
 * what the file defines and uses, so a reload knows which flows a change touches.
 */
final class CamelYaml {

    /** Parses only; never started, so it runs nothing and needs none of Kairos's beans or properties. */
    private static CamelContext parser;

    private CamelYaml() {
    }

    /**
     * What a route or Kamelet file holds.
     *
     * @param routes the ids of its routes
     * @param routeConfigurations the ids of its route configurations
     * @param templates the ids of its route templates (a Kamelet's name)
     * @param kamelets the Kamelets its routes or templates call
     * @param configurationsUsed the route configurations its routes opt into
     */
    record Contents(List<String> routes, List<String> routeConfigurations, List<String> templates,
                    Set<String> kamelets, Set<String> configurationsUsed) {

        /**
         * Whether these routes use the named Kamelet, also through a name chosen by a property placeholder
         * ({@code kamelet:salesforce-signal-{{kairos.signals.transport}}-source} uses every Kamelet it can name).
         */
        boolean usesKamelet(String name) {
            return kamelets.stream().anyMatch(used -> used.equals(name) || (used.contains("{{")
                    && name.matches(PLACEHOLDER.splitAsStream(used).map(Pattern::quote)
                    .collect(Collectors.joining("[\\w.-]+", "", used.endsWith("}}") ? "[\\w.-]+" : "")))));
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^}]*}}");

    /** Throws {@link ConfigRejectedException} with the file, the line and Camel's words when the DSL refuses it. */
    static synchronized Contents parse(String file, String text) {
        try {
            if (parser == null) {
                parser = new DefaultCamelContext();
                parser.build();
            }
            return contents(builders(parser, file, text));
        } catch (ConfigRejectedException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigRejectedException(problem(file, e));
        }
    }

    /** The builders of a file, configured against this context but not added to it. */
    static List<RouteBuilder> builders(CamelContext camel, String file, String text) throws Exception {
        Resource resource = ResourceHelper.fromString("file:" + file, text);
        List<RouteBuilder> builders = new ArrayList<>();
        for (RoutesBuilder found : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource)) {
            RouteBuilder builder = (RouteBuilder) found;
            builder.setCamelContext(camel);
            builder.configure();
            if (builder instanceof RouteConfigurationBuilder configurations) {
                configurations.configuration();
            }
            builders.add(builder);
        }
        return builders;
    }

    /** A DSL failure as a problem: the line Camel's YAML reader marked, else none. */
    static ConfigProblem problem(String file, Throwable failure) {
        return problem(file, null, failure);
    }

    /**
     * A failure to read or start a file as a problem: the line Camel's YAML reader marked; for a bean or endpoint
     * Camel cannot find, the first line of the text naming it; else none.
     */
    static ConfigProblem problem(String file, String text, Throwable failure) {
        String named = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()) {
                return new ConfigProblem(file, marked.getProblemMark().get().getLine() + 1, "Camel cannot load it: "
                        + marked.getProblem());
            }
            if (named == null && t instanceof NoSuchBeanException bean) {
                named = bean.getName();
            } else if (named == null && t instanceof NoSuchEndpointException endpoint) {
                named = endpoint.getUri();
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return new ConfigProblem(file, lineNaming(text, named), "Camel cannot load it: "
                + message.lines().findFirst().orElse(message));
    }

    private static int lineNaming(String text, String name) {
        if (text == null || name == null || name.isBlank()) {
            return 0;
        }
        Pattern word = Pattern.compile("(?<![\\w-])" + Pattern.quote(name) + "(?![\\w-])");
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (word.matcher(lines.get(i)).find()) {
                return i + 1;
            }
        }
        return 0;
    }

    private static Contents contents(List<RouteBuilder> builders) {
        List<String> routes = new ArrayList<>();
        List<String> configurations = new ArrayList<>();
        List<String> templates = new ArrayList<>();
        Set<String> kamelets = new LinkedHashSet<>();
        Set<String> used = new LinkedHashSet<>();
        for (RouteBuilder builder : builders) {
            for (RouteDefinition route : builder.getRouteCollection().getRoutes()) {
                routes.add(route.getRouteId());
                if (route.getRouteConfigurationId() != null) {
                    for (String id : route.getRouteConfigurationId().split(",")) {
                        used.add(id.trim());
                    }
                }
                kamelets(route, kamelets);
            }
            // A templated route is its file's route, and uses its template as a flow uses a Kamelet: an edit of the
            // template reloads it.
            for (TemplatedRouteDefinition templated : builder.getTemplatedRouteCollection().getTemplatedRoutes()) {
                routes.add(templated.getRouteId());
                kamelets.add(templated.getRouteTemplateRef());
            }
            for (RouteTemplateDefinition template : builder.getRouteTemplateCollection().getRouteTemplates()) {
                templates.add(template.getId());
                if (template.getRoute() != null) {
                    kamelets(template.getRoute(), kamelets);
                }
            }
            if (builder instanceof RouteConfigurationBuilder configurationBuilder) {
                for (RouteConfigurationDefinition configuration
                        : configurationBuilder.getRouteConfigurationCollection().getRouteConfigurations()) {
                    configurations.add(configuration.getId());
                }
            }
        }
        return new Contents(routes, configurations, templates, kamelets, used);
    }

    private static void kamelets(RouteDefinition route, Set<String> kamelets) {
        FromDefinition from = route.getInput();
        if (from != null) {
            kamelet(from.getEndpointUri(), kamelets);
        }
        for (ProcessorDefinition<?> output : route.getOutputs()) {
            kamelets(output, kamelets);
        }
    }

    private static void kamelets(ProcessorDefinition<?> step, Set<String> kamelets) {
        if (step instanceof SendDefinition<?> send) {
            kamelet(send.getEndpointUri(), kamelets);
        } else if (step instanceof ToDynamicDefinition dynamic) {
            kamelet(dynamic.getUri(), kamelets);
        } else if (step instanceof KameletDefinition kamelet && kamelet.getName() != null) {
            kamelets.add(name(kamelet.getName()));
        }
        for (ProcessorDefinition<?> output : step.getOutputs()) {
            kamelets(output, kamelets);
        }
    }

    private static void kamelet(String uri, Set<String> kamelets) {
        if (uri != null && uri.startsWith("kamelet:")) {
            String name = name(uri.substring("kamelet:".length()));
            if (!name.equals("source") && !name.equals("sink")) {
                kamelets.add(name);
            }
        }
    }

    private static String name(String reference) {
        String name = reference.startsWith("//") ? reference.substring(2) : reference;
        for (char end : new char[] {'?', '/'}) {
            int at = name.indexOf(end);
            if (at >= 0) {
                name = name.substring(0, at);
            }
        }
        return name;
    }
}

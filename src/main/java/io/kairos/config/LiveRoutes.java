package io.kairos.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.kamelet.FailedToCreateKameletException;
import org.apache.camel.component.kamelet.KameletEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.support.PatternHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies checked edits of routes/ and connectors/ to the running Camel context, flow by flow: the flows of a
 * changed route file, the flows that use a changed Kamelet or route configuration. Each is replaced by its new
 * definition; if Camel cannot create or start one, every flow of the change goes back to its previous file and
 * the change is rejected with the file and what Camel said, so a bad edit never leaves a flow stopped.
 */
@Component
public class LiveRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRoutes.class);

    private final CamelContext camel;

    public LiveRoutes(CamelContext camel) {
        this.camel = camel;
    }

    /**
     * Replaces what changed between two sets of files (keyed routes/..., connectors/...; other files are ignored).
     *
     * @return one line per flow reloaded, for the log
     * @throws ConfigRejectedException when Camel refused the new files; the previous ones run again
     */
    public synchronized List<String> apply(Map<String, String> before, Map<String, String> after) {
        Map<String, String> was = camelFiles(before);
        Map<String, String> now = camelFiles(after);
        Set<String> changed = new TreeSet<>();
        Set<String> all = new TreeSet<>(was.keySet());
        all.addAll(now.keySet());
        for (String file : all) {
            if (!Objects.equals(was.get(file), now.get(file))) {
                changed.add(file);
            }
        }
        if (changed.isEmpty()) {
            return List.of();
        }
        Map<String, CamelYaml.Contents> oldContents = contents(was);
        Map<String, CamelYaml.Contents> newContents = contents(now);
        Set<String> kamelets = new LinkedHashSet<>();
        Set<String> configurations = new LinkedHashSet<>();
        for (String file : changed) {
            for (Map<String, CamelYaml.Contents> side : List.of(oldContents, newContents)) {
                CamelYaml.Contents contents = side.get(file);
                if (contents != null) {
                    kamelets.addAll(contents.templates());
                    configurations.addAll(contents.routeConfigurations());
                }
            }
        }
        // A flow is reloaded when its file changed, or it calls a changed Kamelet or uses a changed configuration.
        Set<String> flows = new TreeSet<>();
        for (String file : all) {
            if (!file.startsWith("routes/")) {
                continue;
            }
            for (Map<String, CamelYaml.Contents> side : List.of(oldContents, newContents)) {
                CamelYaml.Contents contents = side.get(file);
                if (contents != null && (changed.contains(file) || kamelets.stream()
                        .anyMatch(contents::usesKamelet) || usesAny(contents, configurations))) {
                    flows.add(file);
                }
            }
        }
        // Route configurations first: a flow takes its configuration when it is created; then route templates, which
        // the templated routes need.
        List<String> order = new ArrayList<>(flows.stream().filter(f -> isConfiguration(oldContents, newContents, f))
                .toList());
        flows.stream().filter(f -> !order.contains(f) && holdsTemplate(newContents, f)).forEach(order::add);
        flows.stream().filter(f -> !order.contains(f)).forEach(order::add);

        Set<String> kameletFiles = new TreeSet<>();
        changed.stream().filter(f -> f.startsWith("connectors/")).forEach(kameletFiles::add);
        try {
            replace(order, kameletFiles, oldContents, newContents, now);
        } catch (Exception failure) {
            ConfigProblem problem = failure instanceof Refused refused ? refused.problem
                    : CamelYaml.problem(changed.iterator().next(), failure);
            LOG.warn("Camel refused {}: {}; putting back the previous {}", problem.file(), problem.message(),
                    String.join(", ", order));
            try {
                replace(order, kameletFiles, newContents, oldContents, was);
            } catch (Exception restoreFailure) {
                LOG.error("Could not put back the previous flows {}; they stay stopped until their files load",
                        order, restoreFailure);
            }
            throw new ConfigRejectedException(problem);
        }
        List<String> lines = new ArrayList<>();
        for (String file : order) {
            CamelYaml.Contents contents = newContents.get(file);
            lines.add(file + (contents == null ? ": removed" : ": reloaded " + String.join(", ",
                    started(contents))));
        }
        return lines;
    }

    /** Takes out the flows (and templates) of one set of files and puts in those of the other. */
    private void replace(List<String> flows, Set<String> kameletFiles, Map<String, CamelYaml.Contents> outgoing,
                         Map<String, CamelYaml.Contents> incoming, Map<String, String> incomingTexts)
            throws Exception {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        for (String file : flows) {
            CamelYaml.Contents contents = outgoing.get(file);
            if (contents != null) {
                for (String id : contents.routes()) {
                    removeRoute(model, id);
                }
                for (String template : contents.templates()) {
                    model.removeRouteTemplateDefinitions(template);
                }
            }
        }
        Set<String> templates = new LinkedHashSet<>();
        for (String file : kameletFiles) {
            for (Map<String, CamelYaml.Contents> side : List.of(outgoing, incoming)) {
                CamelYaml.Contents contents = side.get(file);
                if (contents != null) {
                    templates.addAll(contents.templates());
                }
            }
        }
        for (String template : templates) {
            removeKamelet(model, template);
        }
        for (String file : flows) {
            CamelYaml.Contents contents = outgoing.get(file);
            if (contents != null) {
                for (String id : contents.routeConfigurations()) {
                    RouteConfigurationDefinition definition = model.getRouteConfigurationDefinition(id);
                    if (definition != null) {
                        model.removeRouteConfiguration(definition);
                    }
                }
            }
        }
        // Kamelets are put in as templates from the checked text, so Camel does not read the file again.
        Map<String, String> kameletFile = new TreeMap<>();
        for (String file : kameletFiles) {
            if (incomingTexts.containsKey(file)) {
                add(model, file, incomingTexts, Map.of());
                incoming.get(file).templates().forEach(template -> kameletFile.put(template, file));
            }
        }
        for (String file : flows) {
            if (incomingTexts.containsKey(file)) {
                add(model, file, incomingTexts, kameletFile);
            }
        }
    }

    /**
     * Adds a file's definitions; Camel creates and starts its routes, and their Kamelets' routes.
     *
     * @param texts the files being put in, by path
     * @param kameletFile the file of each Kamelet just put in: a Kamelet that fails is that file's problem
     */
    private void add(Model model, String file, Map<String, String> texts, Map<String, String> kameletFile)
            throws Refused {
        String text = texts.get(file);
        try {
            for (RouteBuilder builder : CamelYaml.builders(camel, file, text)) {
                if (builder instanceof RouteConfigurationBuilder configurations) {
                    for (RouteConfigurationDefinition definition
                            : configurations.getRouteConfigurationCollection().getRouteConfigurations()) {
                        model.addRouteConfiguration(definition);
                    }
                }
                List<RouteTemplateDefinition> templates = builder.getRouteTemplateCollection().getRouteTemplates();
                if (!templates.isEmpty()) {
                    model.addRouteTemplateDefinitions(templates);
                }
                List<RouteDefinition> routes = builder.getRouteCollection().getRoutes();
                if (!routes.isEmpty()) {
                    model.addRouteDefinitions(routes);
                }
                model.addRouteFromTemplatedRoutes(builder.getTemplatedRouteCollection().getTemplatedRoutes());
            }
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof FailedToCreateKameletException kamelet
                        && kameletFile.containsKey(kamelet.getTemplateId())) {
                    String kameletPath = kameletFile.get(kamelet.getTemplateId());
                    ConfigProblem problem = CamelYaml.problem(kameletPath, texts.get(kameletPath), e);
                    throw new Refused(new ConfigProblem(problem.file(), problem.line(), problem.message()
                            + " (starting " + file + ")"), e);
                }
            }
            throw new Refused(CamelYaml.problem(file, text, e), e);
        }
    }

    private void removeRoute(Model model, String id) throws Exception {
        if (camel.getRoute(id) != null) {
            camel.getRouteController().stopRoute(id);
            camel.removeRoute(id);
        }
        RouteDefinition definition = model.getRouteDefinition(id);
        if (definition != null) {
            model.removeRouteDefinition(definition);
        }
    }

    /**
     * Takes a Kamelet out: its template, the routes made from it and its endpoints, so the flows added next create
     * their Kamelet routes again from the new template.
     */
    private void removeKamelet(Model model, String template) throws Exception {
        for (Route route : List.copyOf(camel.getRoutes())) {
            if (route.isCreatedByKamelet() && template.equals(route.getProperties().get(Route.TEMPLATE_PROPERTY))) {
                removeRoute(model, route.getRouteId());
            }
        }
        for (Endpoint endpoint : List.copyOf(camel.getEndpoints())) {
            if (endpoint instanceof KameletEndpoint kamelet && template.equals(kamelet.getTemplateId())) {
                removeRoute(model, kamelet.getRouteId());
                camel.removeEndpoint(endpoint);
            }
        }
        RouteTemplateDefinition definition = model.getRouteTemplateDefinition(template);
        if (definition != null) {
            model.removeRouteTemplateDefinition(definition);
        }
    }

    private List<String> started(CamelYaml.Contents contents) {
        List<String> states = new ArrayList<>();
        contents.routes().forEach(id -> states.add(id + " (" + camel.getRouteController().getRouteStatus(id) + ")"));
        contents.routeConfigurations().forEach(id -> states.add("route configuration " + id));
        return states;
    }

    private static boolean usesAny(CamelYaml.Contents contents, Set<String> configurations) {
        return contents.configurationsUsed().stream().anyMatch(pattern -> configurations.stream()
                .anyMatch(id -> PatternHelper.matchPattern(id, pattern)));
    }

    private static boolean holdsTemplate(Map<String, CamelYaml.Contents> after, String file) {
        return after.containsKey(file) && !after.get(file).templates().isEmpty();
    }

    private static boolean isConfiguration(Map<String, CamelYaml.Contents> before,
                                           Map<String, CamelYaml.Contents> after, String file) {
        return (before.containsKey(file) && !before.get(file).routeConfigurations().isEmpty())
                || (after.containsKey(file) && !after.get(file).routeConfigurations().isEmpty());
    }

    private static Map<String, CamelYaml.Contents> contents(Map<String, String> files) {
        Map<String, CamelYaml.Contents> contents = new TreeMap<>();
        files.forEach((file, text) -> contents.put(file, CamelYaml.parse(file, text)));
        return contents;
    }

    private static Map<String, String> camelFiles(Map<String, String> files) {
        Map<String, String> camelFiles = new TreeMap<>();
        files.forEach((file, text) -> {
            if (file.startsWith("routes/") || file.startsWith("connectors/")) {
                camelFiles.put(file, text);
            }
        });
        return camelFiles;
    }

    /** Camel refused a file: which one, where and why. */
    private static final class Refused extends Exception {

        private final transient ConfigProblem problem;

        Refused(ConfigProblem problem, Throwable cause) {
            super(problem.toString(), cause);
            this.problem = problem;
        }
    }
}

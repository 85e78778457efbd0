package io.kairos.config;

import java.util.List;
import java.util.stream.Collectors;

/** Configuration files that were not applied, with every problem found (file, line, what). */
public class ConfigRejectedException extends RuntimeException {

    private final List<ConfigProblem> problems;

    public ConfigRejectedException(List<ConfigProblem> problems) {
        super("Configuration rejected:\n  " + problems.stream().map(ConfigProblem::toString)
                .collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    ConfigRejectedException(ConfigProblem problem) {
        this(List.of(problem));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}

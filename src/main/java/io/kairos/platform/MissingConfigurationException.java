package io.kairos.platform;

import java.util.List;

/** Start-up stops: these required settings (by environment name) have no value. */
public class MissingConfigurationException extends RuntimeException {

    private final List<String> missing;

    public MissingConfigurationException(List<String> missing) {
        super("Missing required configuration: " + String.join(", ", missing)
                + " (set them as environment variables, or start with --spring.profiles.active=sandbox)");
        this.missing = List.copyOf(missing);
    }

    public List<String> missing() {
        return missing;
    }
}

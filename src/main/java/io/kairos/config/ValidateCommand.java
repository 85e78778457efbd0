package io.kairos.config;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code java -jar kairos.jar validate [folder]}: checks the ops-owned files under a folder (config/, templates/,
 * routes/, connectors/; default the working directory) without starting Kairos; exits 1 listing every problem,
 * a YAML or Mustache file there that Kairos would not read among them, and 2 when there is nothing to check. It has
 * no Salesforce org, so the catalog's fields are not checked against one: it says so.
 */
public final class ValidateCommand {

    private ValidateCommand() {
    }

    /** Runs the check and returns the exit code. */
    public static int run(String[] args, PrintStream out) {
        Path root = Path.of(args.length > 1 ? args[1] : ".");
        if (!Files.isDirectory(root)) {
            out.println("validate: " + root + " is not a folder");
            return 2;
        }
        Map<String, String> files = new TreeMap<>(ConfigValidator.read(root));
        if (files.isEmpty()) {
            out.println("validate: nothing to check under " + root + ": Kairos reads " + ConfigFolders.known());
            return 2;
        }
        files.putAll(ConfigValidator.strays(root));
        List<String> notes = new ArrayList<>();
        try {
            new ConfigValidator(null).check(files, notes);
            notes.forEach(out::println);
            out.println("OK: " + files.size() + " files checked under " + root);
            return 0;
        } catch (ConfigRejectedException e) {
            notes.forEach(out::println);
            e.problems().forEach(out::println);
            out.println(e.problems().size() + " problem(s) in " + files.size() + " files under " + root);
            return 1;
        }
    }
}

package io.kairos.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/config/validate}: checks configuration files without applying them, for a pull-request check;
 * behind the API bearer token.
 */
@RestController
@RequestMapping("/api/config")
class ConfigController {

    private final LiveConfiguration configuration;

    ConfigController(LiveConfiguration configuration) {
        this.configuration = configuration;
    }

    /**
     * The body is {@code {"files": {"config/timing.yaml": "<text>", ...}}}: each file is checked as if it replaced
     * the one on disk (a bare *.camel.yaml or *.kamelet.yaml name: its file in routes/ or connectors/). Answers 200
     * {@code {"valid": true}} or 422 with every problem (file, line, message), a path Kairos cannot place among them;
     * {@code notes} says what was not checked (the catalog's fields when Salesforce cannot be asked), if anything.
     */
    @PostMapping("/validate")
    ResponseEntity<Map<String, Object>> validate(@RequestBody Request request) {
        if (request.files() == null || request.files().isEmpty()) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_request",
                    "message", "files: a map of relative path (e.g. config/timing.yaml) to file text is required"));
        }
        List<String> notes = new ArrayList<>();
        List<ConfigProblem> problems = configuration.validate(request.files(), notes);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("valid", problems.isEmpty());
        answer.put(problems.isEmpty() ? "files" : "problems", problems.isEmpty() ? request.files().keySet() : problems);
        if (!notes.isEmpty()) {
            answer.put("notes", notes);
        }
        return problems.isEmpty() ? ResponseEntity.ok(answer) : ResponseEntity.unprocessableEntity().body(answer);
    }

    record Request(Map<String, String> files) { }
}

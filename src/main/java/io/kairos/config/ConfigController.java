package io.kairos.config;

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
     * {@code {"valid": true}} or 422 with every problem (file, line, message), a path Kairos cannot place among them.
     */
    @PostMapping("/validate")
    ResponseEntity<Map<String, Object>> validate(@RequestBody Request request) {
        if (request.files() == null || request.files().isEmpty()) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_request",
                    "message", "files: a map of relative path (e.g. config/timing.yaml) to file text is required"));
        }
        List<ConfigProblem> problems = configuration.validate(request.files());
        return problems.isEmpty()
                ? ResponseEntity.ok(Map.of("valid", true, "files", request.files().keySet()))
                : ResponseEntity.unprocessableEntity().body(Map.of("valid", false, "problems", problems));
    }

    record Request(Map<String, String> files) { }
}

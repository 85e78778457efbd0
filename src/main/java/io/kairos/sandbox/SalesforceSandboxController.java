package io.kairos.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Simulated Salesforce OAuth and REST query endpoints, answering from the seeded org in pages of
 * {@code sandbox.salesforce.page-size} records (default 2000, as Salesforce).
 */
@RestController
@Profile("sandbox")
@RequestMapping(SalesforceSandboxController.BASE)
class SalesforceSandboxController {

    static final String BASE = "/sandbox/salesforce";
    static final String ACCESS_TOKEN = "00DSANDBOX!token";
    // camel-salesforce reads the org id from characters 3..21 after "id/" in this URL: it must be 18 characters.
    static final String IDENTITY_URL = "https://login.salesforce.com/id/00D000000000001AAA/005000000000001AAA";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final SeededSoql soql = new SeededSoql(SandboxSeed.salesforceOrg());
    private final QueryPages pages;
    private final Clock clock = Clock.systemUTC();

    SalesforceSandboxController() {
        this(QueryPages.DEFAULT_PAGE_SIZE);
    }

    @Autowired
    SalesforceSandboxController(
            @Value("${sandbox.salesforce.page-size:" + QueryPages.DEFAULT_PAGE_SIZE + "}") int pageSize) {
        this.pages = new QueryPages(pageSize);
    }

    @PostMapping("/services/oauth2/token")
    ResponseEntity<JsonNode> token(@RequestParam MultiValueMap<String, String> form, HttpServletRequest request) {
        if (!form.containsKey("grant_type")) {
            return ResponseEntity.badRequest().body(JSON.objectNode()
                    .put("error", "unsupported_grant_type").put("error_description", "grant type not supported"));
        }
        if (!form.containsKey("client_id")) {
            return ResponseEntity.badRequest().body(JSON.objectNode()
                    .put("error", "invalid_client_id").put("error_description", "client identifier invalid"));
        }
        String instanceUrl = ServletUriComponentsBuilder.fromContextPath(request).path(BASE).toUriString();
        return ResponseEntity.ok(JSON.objectNode()
                .put("access_token", ACCESS_TOKEN)
                .put("instance_url", instanceUrl)
                .put("id", IDENTITY_URL)
                .put("token_type", "Bearer")
                .put("issued_at", String.valueOf(clock.millis()))
                .put("signature", "sandbox"));
    }

    @RequestMapping(value = "/services/oauth2/revoke", method = {RequestMethod.GET, RequestMethod.POST})
    ResponseEntity<Void> revoke() {
        return ResponseEntity.ok().build();
    }

    @GetMapping({"/services/data/{version}/query/", "/services/data/{version}/query"})
    JsonNode query(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                   @PathVariable String version, @RequestParam(required = false) String q) {
        authenticate(authorization);
        if (q == null || q.isBlank()) {
            throw SeededSoql.unsupported();
        }
        return pages.first(soql.query(q, version), version);
    }

    /** The next page of a large result: what camel-salesforce's queryMore GETs from a {@code nextRecordsUrl}. */
    @GetMapping("/services/data/{version}/query/{locator}")
    JsonNode queryMore(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                       @PathVariable String version, @PathVariable String locator) {
        authenticate(authorization);
        return pages.next(locator, version);
    }

    private static void authenticate(String authorization) {
        if (authorization == null || !(authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.regionMatches(true, 0, "OAuth ", 0, 6))) {
            throw new SandboxApiException(HttpStatus.UNAUTHORIZED, JSON.arrayNode().add(JSON.objectNode()
                    .put("message", "Session expired or invalid").put("errorCode", "INVALID_SESSION_ID")));
        }
    }
}

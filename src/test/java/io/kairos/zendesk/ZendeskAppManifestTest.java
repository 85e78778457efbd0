package io.kairos.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged Zendesk app ({@code target/kairos-zendesk-app.zip}, built by {@code process-resources}) against the
 * Zendesk Apps Framework v2's documented rules, so an upload is not the first place a broken manifest shows.
 *
 * <p>Where each rule comes from:
 * <ul>
 *   <li>[M] Manifest reference, https://developer.zendesk.com/apps/docs/apps-v2/manifest : {@code author} is
 *       required; {@code defaultLocale}; {@code location} maps a product ({@code support}) to its locations, a
 *       location's {@code url} is a page under {@code assets/}; {@code frameworkVersion}; {@code parameters} with
 *       {@code name}, {@code type}, {@code required}, {@code secure}; {@code domainWhitelist} a list of host names
 *       (the documented example is a bare {@code "omniwear.com"}).</li>
 *   <li>[V] What {@code zcli apps:validate} and an upload run: the zendesk_apps_support validations,
 *       https://github.com/zendesk/zendesk_apps_support (lib/zendesk_apps_support/validations/manifest.rb:
 *       required {@code author} and {@code defaultLocale}, missing {@code location}/{@code frameworkVersion},
 *       duplicate parameter names, {@code required}/{@code secure} booleans, no parameter called {@code name}, a
 *       hidden parameter is never required, relative location URLs start with {@code assets/} and exist in the
 *       package, the default locale has {@code translations/<locale>.json}; manifest/parameter.rb: the parameter
 *       types {@code text password checkbox url number multiline hidden}; location.rb: the Support locations;
 *       translations.rb: locale file names {@code ^[a-z]{2}(-\w{2,3})?$}, each a JSON object, a private app's
 *       {@code en.json} has {@code app.name}; secure_settings.rb: a parameter named like a token is secure, a secure
 *       parameter has no default and declares its {@code scopes}).</li>
 *   <li>[R] Making API requests from a Zendesk app,
 *       https://developer.zendesk.com/documentation/apps/getting-started/making-api-requests-from-a-zendesk-app/
 *       and secure settings, https://developer.zendesk.com/apps/docs/developer-guide/using_sdk#using-secure-settings :
 *       a secure setting is inserted by Zendesk's proxy as {@code {{setting.<name>}}}, only for a request with
 *       {@code secure: true} to a domain in {@code domainWhitelist}; the host is fixed in the manifest, so the build
 *       takes it as {@code -Dkairos.app.domain}.</li>
 *   <li>[A] App brand assets, https://developer.zendesk.com/apps/docs/publish/create_assets : {@code assets/logo.png}
 *       PNG 320x320; {@code assets/logo-small.png} PNG 128x128 with transparency.</li>
 *   <li>[G] Getting started, https://developer.zendesk.com/documentation/apps/app-developer-guide/getting_started/ :
 *       a page talks to Zendesk through the ZAF SDK script from static.zdassets.com.</li>
 * </ul>
 */
class ZendeskAppManifestTest {

    static final Path ZIP = Path.of("target", "kairos-zendesk-app.zip");

    /** [V] manifest/parameter.rb TYPES. */
    private static final Set<String> PARAMETER_TYPES =
            Set.of("text", "password", "checkbox", "url", "number", "multiline", "hidden");
    /** [V] location.rb: the locations of product support. */
    private static final Set<String> SUPPORT_LOCATIONS = Set.of("top_bar", "nav_bar", "ticket_sidebar",
            "new_ticket_sidebar", "user_sidebar", "organization_sidebar", "background", "modal", "ticket_editor",
            "system_top_bar", "ticket_module");
    /** [V] translations.rb VALID_LOCALE. */
    private static final Pattern LOCALE_FILE = Pattern.compile("translations/([a-z]{2}(-\\w{2,3})?)\\.json");
    /** [V] secure_settings.rb SECURABLE_KEYWORDS. */
    private static final Pattern SECRET_NAME = Pattern.compile("token|key|pwd|password", Pattern.CASE_INSENSITIVE);
    /** A host name, nothing else: no scheme, port or path. */
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    /** How main.js asks for a UI string: t('key'). */
    private static final Pattern UI_KEY = Pattern.compile("\\bt\\('([a-z_.]+)'");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, byte[]> FILES = new HashMap<>();
    private static JsonNode manifest;

    @BeforeAll
    static void readZip() throws IOException {
        assertThat(ZIP).as("the build (process-resources) packages zendesk-app/ into " + ZIP).exists();
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                if (!entry.isDirectory()) {
                    FILES.put(entry.getName(), zip.getInputStream(entry).readAllBytes());
                }
            }
        }
        manifest = json("manifest.json");
    }

    @Test
    void theZipHoldsExactlyTheAppsFilesWithTheManifestAtItsRoot() {
        assertThat(FILES.keySet()).containsExactlyInAnyOrder("manifest.json", "assets/iframe.html", "assets/main.js",
                "assets/main.css", "assets/logo.png", "assets/logo-small.png", "translations/en.json",
                "translations/de.json", "assets/i18n/en.json", "assets/i18n/de.json");
        assertThat(FILES.get("assets/i18n/en.json")).as("the page's copy of the strings is the translation file")
                .isEqualTo(FILES.get("translations/en.json"));
        assertThat(FILES.get("assets/i18n/de.json")).isEqualTo(FILES.get("translations/de.json"));
    }

    @Test
    void theManifestHasTheRequiredKeysAndAV2SidebarLocation() {
        assertThat(manifest.path("author").path("name").asText()).as("[M][V] author").isNotBlank();
        assertThat(manifest.path("defaultLocale").asText()).as("[V] defaultLocale").isEqualTo("en");
        assertThat(manifest.path("frameworkVersion").asText()).as("[M] frameworkVersion").isEqualTo("2.0");
        assertThat(manifest.path("version").asText()).as("filtered from the pom").matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(manifest.path("private").isBoolean()).as("[V] private is a boolean").isTrue();

        JsonNode location = manifest.path("location");
        assertThat(names(location)).as("[M] one product: support").containsExactly("support");
        assertThat(names(location.path("support"))).as("[V] location.rb").isSubsetOf(SUPPORT_LOCATIONS)
                .contains("ticket_sidebar");
        location.path("support").forEach(options -> {
            String url = options.isTextual() ? options.asText() : options.path("url").asText();
            assertThat(url).as("[V] a relative location URL starts with assets/").startsWith("assets/");
            assertThat(FILES).as("[V] and exists in the package").containsKey(url);
            if (options.has("flexible")) {
                assertThat(options.get("flexible").isBoolean()).as("[V] flexible is a boolean").isTrue();
            }
        });
    }

    @Test
    void theParametersAreOfDocumentedTypesAndTheTokenIsASecureSettingForAWhitelistedHost() {
        List<JsonNode> parameters = StreamSupport.stream(manifest.path("parameters").spliterator(), false).toList();
        assertThat(parameters).as("[M] parameters").isNotEmpty();
        List<String> names = parameters.stream().map(p -> p.path("name").asText()).toList();
        assertThat(names).as("[V] unique names").doesNotHaveDuplicates().doesNotContain("name")
                .containsExactly("kairos_url", "token");
        for (JsonNode parameter : parameters) {
            String name = parameter.path("name").asText();
            assertThat(parameter.path("type").asText("text")).as("[V] type of " + name).isIn(PARAMETER_TYPES);
            for (String flag : new String[] {"required", "secure"}) {
                if (parameter.has(flag)) {
                    assertThat(parameter.get(flag).isBoolean()).as("[V] %s.%s is a boolean", name, flag).isTrue();
                }
            }
            if ("hidden".equals(parameter.path("type").asText())) {
                assertThat(parameter.path("required").asBoolean()).as("[V] hidden is never required").isFalse();
            }
            if (SECRET_NAME.matcher(name).find()) {
                assertThat(parameter.path("secure").asBoolean()).as("[V] %s is named like a secret", name).isTrue();
            }
            if (parameter.path("secure").asBoolean()) {
                assertThat(parameter.has("default")).as("[V] a secure setting has no default").isFalse();
                assertThat(parameter.path("scopes")).as("[V] a secure setting declares its scopes").isNotEmpty();
                assertThat(manifest.path("domainWhitelist")).as("[R] a secure setting needs domainWhitelist")
                        .isNotEmpty();
            }
        }
        assertThat(manifest.path("parameters").get(0).path("type").asText()).isEqualTo("url");

        for (JsonNode domain : manifest.path("domainWhitelist")) {
            assertThat(domain.isTextual()).as("[V] domainWhitelist is an array of strings").isTrue();
            assertThat(domain.asText()).as("[M][R] a host name, filled in by the build").matches(HOST)
                    .doesNotContain("${");
        }
    }

    @Test
    void theDefaultLocaleAndEveryTranslationNameTheAppAndItsSettings() throws IOException {
        String defaultLocale = manifest.path("defaultLocale").asText();
        assertThat(FILES).as("[V] the default locale has a translations file")
                .containsKey("translations/" + defaultLocale + ".json");
        for (String file : translationFiles()) {
            assertThat(file).as("[V] a locale file name").matches(LOCALE_FILE);
            JsonNode translation = json(file);
            assertThat(translation.isObject()).as("[V] %s is a JSON object", file).isTrue();
            assertThat(translation.path("app").path("name").asText()).as("[V] %s: app.name", file).isNotBlank();
            for (JsonNode parameter : manifest.path("parameters")) {
                assertThat(translation.path("app").path("parameters").path(parameter.path("name").asText())
                        .path("label").asText()).as("%s labels setting %s", file, parameter.path("name"))
                        .isNotBlank();
            }
        }
    }

    @Test
    void everyStringThePageUsesIsInEnglishAndGerman() throws IOException {
        String script = text("assets/main.js");
        Set<String> used = new LinkedHashSet<>();
        Matcher keys = UI_KEY.matcher(script);
        while (keys.find()) {
            used.add(keys.group(1));
        }
        assertThat(used).as("main.js asks for its strings with t('...')").hasSizeGreaterThan(20)
                .contains("source.stale", "who.unknown", "hold.button");
        for (String file : List.of("translations/en.json", "translations/de.json")) {
            JsonNode ui = json(file).path("ui");
            List<String> missing = new ArrayList<>();
            used.forEach(key -> {
                if (ui.path(key).asText().isBlank()) {
                    missing.add(key);
                }
            });
            assertThat(missing).as("keys main.js uses that %s lacks", file).isEmpty();
            assertThat(names(ui)).as("%s has no string the page never asks for", file)
                    .containsExactlyInAnyOrderElementsOf(used);
        }
    }

    @Test
    void theLogosHaveTheDocumentedSizes() throws IOException {
        BufferedImage logo = png("assets/logo.png");
        assertThat(new int[] {logo.getWidth(), logo.getHeight()}).as("[A] logo.png").containsExactly(320, 320);
        BufferedImage small = png("assets/logo-small.png");
        assertThat(new int[] {small.getWidth(), small.getHeight()}).as("[A] logo-small.png").containsExactly(128, 128);
        assertThat(small.getColorModel().hasAlpha()).as("[A] logo-small.png has transparency").isTrue();
    }

    @Test
    void thePageLoadsOnlyZendesksSdkFromOutsideAndPutsNoDataInAsHtml() {
        String page = text("assets/iframe.html");
        Matcher sources = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page);
        List<String> external = new ArrayList<>();
        while (sources.find()) {
            if (sources.group(1).contains("//")) {
                external.add(sources.group(1));
            }
        }
        assertThat(external).as("[G] no CDN but Zendesk's own SDK")
                .containsExactly("https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js");
        String script = text("assets/main.js");
        assertThat(script).as("text goes in as text").doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML",
                "document.write");
        assertThat(script).as("[R] the token is only ever the placeholder Zendesk's proxy fills")
                .contains("'Bearer {{setting.token}}'").contains("secure: true");
    }

    private static List<String> translationFiles() {
        return FILES.keySet().stream().filter(name -> name.startsWith("translations/")).sorted().toList();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode json(String file) throws IOException {
        assertThat(FILES).containsKey(file);
        return JSON.readTree(FILES.get(file));
    }

    private static String text(String file) {
        assertThat(FILES).containsKey(file);
        return new String(FILES.get(file), StandardCharsets.UTF_8);
    }

    private static BufferedImage png(String file) throws IOException {
        byte[] bytes = FILES.get(file);
        assertThat(bytes).as(file).isNotNull();
        assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).as("%s is a PNG", file).isEqualTo("PNG");
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }
}

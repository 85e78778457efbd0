package io.kairos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class QueryPagesTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void aResultThatFitsOnOnePageIsAnsweredAsItIs() {
        ObjectNode result = result(2);
        assertThat(new QueryPages(2).first(result, "v62.0")).isSameAs(result);
    }

    @Test
    void aLargerResultIsServedPageByPageThroughItsNextRecordsUrl() {
        QueryPages pages = new QueryPages(2);

        ObjectNode first = pages.first(result(5), "v62.0");
        assertThat(first.get("totalSize").asInt()).isEqualTo(5);
        assertThat(first.get("done").asBoolean()).isFalse();
        assertThat(ids(first)).containsExactly(0, 1);
        String next = first.get("nextRecordsUrl").asText();
        assertThat(next).matches("/services/data/v62\\.0/query/01g[A-Za-z0-9]{15}-2");

        ObjectNode second = pages.next(locator(next), "v62.0");
        assertThat(second.get("totalSize").asInt()).isEqualTo(5);
        assertThat(ids(second)).containsExactly(2, 3);
        ObjectNode last = pages.next(locator(second.get("nextRecordsUrl").asText()), "v62.0");
        assertThat(ids(last)).containsExactly(4);
        assertThat(last.get("done").asBoolean()).isTrue();
        assertThat(last.has("nextRecordsUrl")).isFalse();

        // A retried request for a page gets the same page again.
        assertThat(ids(pages.next(locator(next), "v62.0"))).containsExactly(2, 3);
    }

    @Test
    void anUnknownOrExhaustedLocatorIsRefusedAsSalesforceDoes() {
        QueryPages pages = new QueryPages(2);
        String cursor = locator(pages.first(result(3), "v62.0").get("nextRecordsUrl").asText()).split("-")[0];

        assertInvalidLocator(pages, cursor + "-3");
        assertInvalidLocator(pages, "01gSANDBOX99999999-2");
        assertInvalidLocator(pages, "not-a-locator");
    }

    @Test
    void onlyTheTenNewestCursorsStayOpen() {
        QueryPages pages = new QueryPages(1);
        List<String> locators = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            locators.add(locator(pages.first(result(2), "v62.0").get("nextRecordsUrl").asText()));
        }
        assertInvalidLocator(pages, locators.get(0));
        assertThat(ids(pages.next(locators.get(1), "v62.0"))).containsExactly(1);
        assertThat(ids(pages.next(locators.get(10), "v62.0"))).containsExactly(1);
    }

    @Test
    void aPageSizeBelowOneIsRefused() {
        assertThatThrownBy(() -> new QueryPages(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertInvalidLocator(QueryPages pages, String locator) {
        assertThatThrownBy(() -> pages.next(locator, "v62.0")).isInstanceOfSatisfying(SandboxApiException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(e.body().get(0).get("errorCode").asText()).isEqualTo("INVALID_QUERY_LOCATOR");
        });
    }

    private static ObjectNode result(int size) {
        ObjectNode result = JSON.objectNode().put("totalSize", size).put("done", true);
        for (int i = 0; i < size; i++) {
            result.withArray("records").addObject().put("n", i);
        }
        if (size == 0) {
            result.putArray("records");
        }
        return result;
    }

    private static List<Integer> ids(ObjectNode page) {
        List<Integer> ids = new ArrayList<>();
        for (JsonNode record : page.get("records")) {
            ids.add(record.get("n").asInt());
        }
        return ids;
    }

    private static String locator(String nextRecordsUrl) {
        return nextRecordsUrl.substring(nextRecordsUrl.lastIndexOf('/') + 1);
    }
}

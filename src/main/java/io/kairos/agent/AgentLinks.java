package io.kairos.agent;

/** The addresses the sidebar links to: Salesforce records in Lightning, Zendesk tickets in the agent workspace. */
final class AgentLinks {

    private final String salesforce;
    private final String zendesk;

    /** Either base may be blank: its links are then null, never a link to the wrong place. */
    AgentLinks(String salesforceUrl, String zendeskBaseUrl) {
        this.salesforce = trimmed(salesforceUrl);
        this.zendesk = trimmed(zendeskBaseUrl);
    }

    /** {@code <instance>/lightning/r/<object>/<id>/view}; null without an id or instance. */
    String record(String object, String id) {
        return salesforce == null || id == null || id.isBlank() ? null
                : salesforce + "/lightning/r/" + object + "/" + id + "/view";
    }

    /** {@code <zendesk>/agent/tickets/<id>}; null without an id or base URL. */
    String ticket(Long id) {
        return zendesk == null || id == null ? null : zendesk + "/agent/tickets/" + id;
    }

    private static String trimmed(String url) {
        return url == null || url.isBlank() ? null : url.trim().replaceAll("/+$", "");
    }
}

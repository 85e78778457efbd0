package io.kairos.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Every seeded customer, ticket and record of the sandbox, in one place so the three systems tell one story. */
final class SandboxSeed {

    /** When the seeded tickets were last updated; the value a first safe update must quote. */
    static final Instant TICKETS_UPDATED_AT = Instant.parse("2026-11-26T10:00:00Z");

    /** The Zendesk agent Kairos writes as (matches {@code zendesk.kairos-user-id} of the sandbox profile). */
    static final long KAIROS_AGENT_ID = 9999;

    record ZendeskUser(long id, String name, String email, String role) { }

    record ZendeskTicket(long id, long requesterId, String subject, String description, String type,
                         List<String> tags, Instant createdAt) { }

    record IntercomContact(String id, String externalId, String name, String email, long createdAt,
                           boolean unsubscribedFromEmails) { }

    private SandboxSeed() { }

    static List<ZendeskUser> zendeskUsers() {
        return List.of(
                new ZendeskUser(9001, "Jane Doe", "jane@acme.example", "end-user"),
                new ZendeskUser(9002, "Omar Haddad", "omar@globex.example", "end-user"),
                new ZendeskUser(9003, "Nobody Known", "nobody@unknown.example", "end-user"),
                new ZendeskUser(KAIROS_AGENT_ID, "Kairos (sandbox agent)", "agent@sandbox.example", "agent"));
    }

    static List<ZendeskTicket> zendeskTickets() {
        Instant created = TICKETS_UPDATED_AT;
        return List.of(
                new ZendeskTicket(35436, 9001, "My order has not arrived",
                        "Hi, I ordered a Widget Pro two weeks ago and it still has not arrived. Where is it?",
                        null, List.of("web"), created),
                new ZendeskTicket(35437, 9002, "Sync keeps failing",
                        "Since my phone updated, the Sync App stops syncing after a few minutes.",
                        null, List.of(), created),
                new ZendeskTicket(35438, 9003, "Question about pricing",
                        "Hello, how much does the Widget Pro cost for a team of ten?",
                        null, List.of(), created),
                new ZendeskTicket(99, KAIROS_AGENT_ID, "Known issue: sync fails on Android 14",
                        "Problem ticket for KI-0042: the Sync App stops syncing after the Android 14 update.",
                        "problem", List.of("known_issue"), Instant.parse("2026-11-20T08:00:00Z")));
    }

    /**
     * The Salesforce org: Contacts (with their Account), Accounts (with Orders and Assets), Orders (with Account and
     * BillToContact), Assets (with Product2) and known issues. Widget Pro is owned by Acme (Jane, and Klaus who opted
     * out of email); Sync App by Globex (Omar, Priya) and Initech (Claire, Marc who opted out, Luc without an email).
     */
    static Map<String, List<SObject>> salesforceOrg() {
        SObject samSeller = SObject.of("User", "005000000000011AAA", "Name", "Sam Seller");
        SObject anaOrtiz = SObject.of("User", "005000000000012AAA", "Name", "Ana Ortiz");
        SObject widgetPro = SObject.of("Product2", "01t000000000001AAA", "Name", "Widget Pro");
        SObject syncApp = SObject.of("Product2", "01t000000000002AAA", "Name", "Sync App");

        String acmeId = "001000000000001AAA";
        String globexId = "001000000000002AAA";
        String initechId = "001000000000003AAA";
        String janeId = "003000000000001AAA";
        String claireId = "003000000000005AAA";

        SObject order123 = order("801000000000123AAA", "00000123", "Delayed", "2026-11-12", "2026-12-01",
                acmeId, janeId);
        SObject order120 = order("801000000000120AAA", "00000120", "Delivered", "2026-10-02", "2026-10-09",
                acmeId, janeId);
        SObject order131 = order("801000000000131AAA", "00000131", "Backordered", "2026-11-18", "2026-12-10",
                initechId, claireId);
        SObject acmeWidgets = asset("02i000000000001AAA", acmeId, widgetPro);
        SObject globexSync = asset("02i000000000002AAA", globexId, syncApp);
        SObject initechSync = asset("02i000000000003AAA", initechId, syncApp);

        SObject acme = account(acmeId, "Acme GmbH", "Gold", "Manufacturing", samSeller, List.of(order123, order120),
                List.of(acmeWidgets));
        SObject globex = account(globexId, "Globex Inc", "Silver", "Technology", anaOrtiz, List.of(),
                List.of(globexSync));
        SObject initech = account(initechId, "Initech SARL", "Bronze", "Technology", anaOrtiz, List.of(order131),
                List.of(initechSync));

        SObject jane = contact(janeId, "Jane Doe", "jane@acme.example", "Europe/Berlin", "DE", false, acme,
                "2026-11-20T09:00:00.000+0000");
        SObject klaus = contact("003000000000003AAA", "Klaus Becker", "klaus@acme.example", "Europe/Berlin", "DE",
                true, acme, "2026-11-02T11:00:00.000+0000");
        SObject omar = contact("003000000000002AAA", "Omar Haddad", "omar@globex.example", "America/New_York", "US",
                false, globex, "2026-11-21T15:30:00.000+0000");
        SObject priya = contact("003000000000004AAA", "Priya Nair", "priya@globex.example", "America/Chicago", "US",
                false, globex, "2026-11-19T14:00:00.000+0000");
        SObject claire = contact(claireId, "Claire Martin", "claire@initech.example", "Europe/Paris", "FR",
                false, initech, "2026-11-18T08:30:00.000+0000");
        SObject marc = contact("003000000000006AAA", "Marc Dubois", "marc@initech.example", "Europe/Paris", "FR",
                true, initech, "2026-11-17T16:45:00.000+0000");
        SObject luc = contact("003000000000007AAA", "Luc Bernard", null, "Europe/Paris", "FR",
                false, initech, "2026-11-16T10:15:00.000+0000");

        SObject syncIssue = SObject.of("Known_Issue__c", "a0K000000000042AAA",
                "Name", "KI-0042", "Status__c", "Open", "Product__c", "Sync App",
                "Public_Summary__c", "Sync stops after the Android 14 update; a fix ships this week.",
                "Zendesk_Problem_Id__c", 99);
        SObject fixedIssue = SObject.of("Known_Issue__c", "a0K000000000040AAA",
                "Name", "KI-0040", "Status__c", "Closed", "Product__c", "Widget Pro",
                "Public_Summary__c", "Widget Pro battery drained overnight; fixed in firmware 2.3.",
                "Zendesk_Problem_Id__c", null);

        return Map.of(
                "Contact", List.of(jane, omar, klaus, priya, claire, marc, luc),
                "Account", List.of(acme, globex, initech),
                // Top-level Orders carry their parents; the Account's child Orders do not, or records would cycle.
                "Order", List.of(order123.with("Account", acme, "BillToContact", jane),
                        order120.with("Account", acme, "BillToContact", jane),
                        order131.with("Account", initech, "BillToContact", claire)),
                "Asset", List.of(acmeWidgets, globexSync, initechSync),
                "Known_Issue__c", List.of(syncIssue, fixedIssue));
    }

    private static SObject account(String id, String name, String tier, String industry, SObject owner,
                                   List<SObject> orders, List<SObject> assets) {
        return SObject.of("Account", id, "Name", name, "Support_Tier__c", tier, "Industry", industry,
                "OwnerId", owner.id(),
                "Owner", owner, "Orders", orders, "Assets", assets);
    }

    private static SObject contact(String id, String name, String email, String timeZone, String country,
                                   boolean optedOut, SObject account, String lastModified) {
        return SObject.of("Contact", id, "Name", name, "Email", email, "Time_Zone__c", timeZone,
                "MailingCountry", country, "HasOptedOutOfEmail", optedOut, "AccountId", account.id(),
                "Account", account, "LastModifiedDate", lastModified);
    }

    private static SObject order(String id, String number, String status, String effective, String expected,
                                 String accountId, String billToContactId) {
        return SObject.of("Order", id, "OrderNumber", number, "Status", status, "EffectiveDate", effective,
                "Expected_Delivery__c", expected, "AccountId", accountId, "BillToContactId", billToContactId);
    }

    private static SObject asset(String id, String accountId, SObject product) {
        return SObject.of("Asset", id, "Name", product.fields().get("Name"), "AccountId", accountId,
                "Product2Id", product.id(), "Product2", product);
    }

    static List<IntercomContact> intercomContacts() {
        return List.of(
                new IntercomContact("6650a1b2c3d4e5f600000001", "003000000000001AAA", "Jane Doe",
                        "jane@acme.example", 1764000000L, false),
                new IntercomContact("6650a1b2c3d4e5f600000002", "003000000000002AAA", "Omar Haddad",
                        "omar@globex.example", 1764000000L, false),
                new IntercomContact("6650a1b2c3d4e5f600000003", "003000000000003AAA", "Klaus Becker",
                        "klaus@acme.example", 1764000000L, true),
                new IntercomContact("6650a1b2c3d4e5f600000004", "003000000000004AAA", "Priya Nair",
                        "priya@globex.example", 1764000000L, false),
                new IntercomContact("6650a1b2c3d4e5f600000005", "003000000000005AAA", "Claire Martin",
                        "claire@initech.example", 1764000000L, false),
                new IntercomContact("6650a1b2c3d4e5f600000006", "003000000000006AAA", "Marc Dubois",
                        "marc@initech.example", 1764000000L, true));
    }
}

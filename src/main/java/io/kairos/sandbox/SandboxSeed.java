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

    record IntercomContact(String id, String externalId, String name, String email, long createdAt) { }

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

    /** The Salesforce org: Contacts (with their Account), Accounts (with Orders and Assets) and known issues. */
    static Map<String, List<SObject>> salesforceOrg() {
        SObject samSeller = SObject.of("User", "005000000000011AAA", "Name", "Sam Seller");
        SObject anaOrtiz = SObject.of("User", "005000000000012AAA", "Name", "Ana Ortiz");
        SObject widgetPro = SObject.of("Product2", "01t000000000001AAA", "Name", "Widget Pro");
        SObject syncApp = SObject.of("Product2", "01t000000000002AAA", "Name", "Sync App");

        SObject acme = SObject.of("Account", "001000000000001AAA",
                "Name", "Acme GmbH",
                "Support_Tier__c", "Gold",
                "OwnerId", samSeller.id(),
                "Owner", samSeller,
                "Orders", List.of(
                        SObject.of("Order", "801000000000123AAA", "OrderNumber", "00000123", "Status", "Delayed",
                                "EffectiveDate", "2026-11-12", "Expected_Delivery__c", "2026-12-01"),
                        SObject.of("Order", "801000000000120AAA", "OrderNumber", "00000120", "Status", "Delivered",
                                "EffectiveDate", "2026-10-02", "Expected_Delivery__c", "2026-10-09")),
                "Assets", List.of(
                        SObject.of("Asset", "02i000000000001AAA", "Name", "Widget Pro",
                                "Product2Id", widgetPro.id(), "Product2", widgetPro)));
        SObject globex = SObject.of("Account", "001000000000002AAA",
                "Name", "Globex Inc",
                "Support_Tier__c", "Silver",
                "OwnerId", anaOrtiz.id(),
                "Owner", anaOrtiz,
                "Orders", List.of(),
                "Assets", List.of(
                        SObject.of("Asset", "02i000000000002AAA", "Name", "Sync App",
                                "Product2Id", syncApp.id(), "Product2", syncApp)));

        SObject jane = SObject.of("Contact", "003000000000001AAA",
                "Name", "Jane Doe", "Email", "jane@acme.example", "Time_Zone__c", "Europe/Berlin",
                "HasOptedOutOfEmail", false, "AccountId", acme.id(), "Account", acme,
                "LastModifiedDate", "2026-11-20T09:00:00.000+0000");
        SObject omar = SObject.of("Contact", "003000000000002AAA",
                "Name", "Omar Haddad", "Email", "omar@globex.example", "Time_Zone__c", "America/New_York",
                "HasOptedOutOfEmail", false, "AccountId", globex.id(), "Account", globex,
                "LastModifiedDate", "2026-11-21T15:30:00.000+0000");

        SObject syncIssue = SObject.of("Known_Issue__c", "a0K000000000042AAA",
                "Name", "KI-0042", "Status__c", "Open", "Product__c", "Sync App",
                "Public_Summary__c", "Sync stops after the Android 14 update; a fix ships this week.",
                "Zendesk_Problem_Id__c", 99);
        SObject fixedIssue = SObject.of("Known_Issue__c", "a0K000000000040AAA",
                "Name", "KI-0040", "Status__c", "Closed", "Product__c", "Widget Pro",
                "Public_Summary__c", "Widget Pro battery drained overnight; fixed in firmware 2.3.",
                "Zendesk_Problem_Id__c", null);

        return Map.of(
                "Contact", List.of(jane, omar),
                "Account", List.of(acme, globex),
                "Known_Issue__c", List.of(syncIssue, fixedIssue));
    }

    static List<IntercomContact> intercomContacts() {
        return List.of(
                new IntercomContact("6650a1b2c3d4e5f600000001", "003000000000001AAA", "Jane Doe",
                        "jane@acme.example", 1764000000L),
                new IntercomContact("6650a1b2c3d4e5f600000002", "003000000000002AAA", "Omar Haddad",
                        "omar@globex.example", 1764000000L));
    }
}

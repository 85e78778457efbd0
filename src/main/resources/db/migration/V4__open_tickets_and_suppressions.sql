-- The open-ticket rule and the Kairos-side suppression list of the timing policy.

-- What Kairos last saw of each enriched ticket: open tickets hold proactive messages about their topics back.
alter table ticket_enrichment add column ticket_status varchar(16);
alter table ticket_enrichment add column subject varchar(500);

-- What an enriched ticket is about, as Kairos put it on the ticket: an order at risk, a known issue.
create table ticket_topic (
    ticket_id     bigint       not null,
    topic         varchar(300) not null,
    contact_email varchar(320) not null,
    primary key (ticket_id, topic)
);
create index ticket_topic_contact on ticket_topic (contact_email, topic);

-- A held-back message becomes an internal note on the open ticket: the outbox row names that ticket.
alter table outbox_message add column ticket_id bigint;

-- Contacts Kairos must not message proactively, whatever Salesforce says (a complaint, a legal hold, a bounce).
create table suppression (
    email      varchar(320)             primary key,
    reason     varchar(500)             not null,
    created_by varchar(100),
    created_at timestamp with time zone not null
);

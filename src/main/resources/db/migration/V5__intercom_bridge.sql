-- Runs unchanged on H2 (MODE=PostgreSQL) and PostgreSQL.

-- Each Intercom conversation and the Zendesk ticket it became. A row without a ticket is being created by the
-- notification named in creating_event: replies, closes and other notifications for it wait, and that
-- notification's own retry first looks the ticket up by its external_id.
create table intercom_conversation_link (
    conversation_id varchar(200)             primary key,
    creating_event  varchar(200)             not null,
    ticket_id       bigint,
    requester_id    bigint,
    contact_email   varchar(320),
    created_at      timestamp with time zone not null,
    linked_at       timestamp with time zone,
    closed_at       timestamp with time zone,
    closed_by       varchar(200)
);
create unique index intercom_conversation_link_ticket on intercom_conversation_link (ticket_id);

-- The locale of each Zendesk user Kairos has read (Show Many Users, the requester of a ticket it enriched), by
-- email: a proactive message is written in the contact's language when no Contact field says otherwise.
create table user_locale (
    email      varchar(320) primary key,
    locale     varchar(35)  not null,
    seen_at    timestamp with time zone not null
);

-- Runs unchanged on H2 (MODE=PostgreSQL) and PostgreSQL.
-- The admin's view: correlation ids in the store, when a ticket was first enriched, replays in the ledger.

-- One id per event, minted where it arrives (webhook, API, stream) and put on every log line that handles it; the
-- inbox row carries it from the request thread to the worker, and a dead letter keeps it.
alter table inbox_event add column correlation_id varchar(64);
alter table dead_letter add column correlation_id varchar(64);

-- ticket_enrichment keeps only the latest enrichment of a ticket; the first one dates the ticket for the admin's
-- reactive-tickets-per-day chart and the deflection figure.
alter table ticket_enrichment add column first_enriched_at timestamp with time zone;
update ticket_enrichment set first_enriched_at = enriched_at;
create index ticket_enrichment_first on ticket_enrichment (first_enriched_at);

-- An admin's replay is recorded in the ledger; a replayed webhook event names no contact.
alter table ledger_entry alter column contact_email drop not null;
create index ledger_entry_occurred on ledger_entry (occurred_at, decision);

-- The admin's dead-letter list is newest first, filtered by source and reason.
create index dead_letter_failed on dead_letter (failed_at);

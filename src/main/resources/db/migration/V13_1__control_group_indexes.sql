-- The control-group comparison reads a signal's SENT and HELD_OUT entries, and asks per contact whether a ticket
-- was first enriched in the signal's window: both lookups by index rather than a scan per signal or per contact.
-- (13.1, not 13: versions next to parallel branches' migrations without a clash.)
create index ledger_entry_signal on ledger_entry (signal_id, decision);
create index ticket_enrichment_contact on ticket_enrichment (contact_email, first_enriched_at);

-- The timing policy reads a contact's pending messages while planning, one page of contacts at a time.
create index outbox_message_contact on outbox_message (contact_email, status);

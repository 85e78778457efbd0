-- The experiment arm a contact was in for a signal (send-time:active, send-time:at-once), in its own column so the
-- SENT entry keeps its own reason code (LANGUAGE_FALLBACK); NULL outside an experiment.
alter table ledger_entry add column experiment_arm varchar(32);

-- Entries written before this column carried the arm as their reason code.
update ledger_entry set experiment_arm = 'send-time:at-once' where decision = 'SENT' and reason_code = 'SEND_TIME_CONTROL';
update ledger_entry set experiment_arm = 'send-time:active' where decision = 'SENT' and reason_code = 'SEND_TIME';

-- The send-time report asks per signal whether it has an at-once arm and reads its two arms' entries: a probe by
-- (signal, arm) rather than a walk over every SENT entry of a large signal (V13_1 keeps (signal, decision)).
create index ledger_entry_signal_arm on ledger_entry (signal_id, experiment_arm);

-- When the contact first answered a message Kairos sent through Intercom (a conversation.user.replied or .created
-- whose source is the message, external_id): the send-time experiment's "answered within N days".
alter table outbox_message add column answered_at timestamp with time zone;
create index outbox_message_external on outbox_message (external_id, channel);

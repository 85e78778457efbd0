-- The experiment arm a contact was in for a signal (send-time:active, send-time:at-once), in its own column so the
-- SENT entry keeps its own reason code (LANGUAGE_FALLBACK); NULL outside an experiment.
alter table ledger_entry add column experiment_arm varchar(32);

-- Entries written before this column carried the arm as their reason code.
update ledger_entry set experiment_arm = 'send-time:at-once' where decision = 'SENT' and reason_code = 'SEND_TIME_CONTROL';
update ledger_entry set experiment_arm = 'send-time:active' where decision = 'SENT' and reason_code = 'SEND_TIME';

-- The send-time report asks per signal whether it has an at-once arm and reads its two arms' entries: a probe by
-- (signal, arm) rather than a walk over every SENT entry of a large signal (V13_1 keeps (signal, decision)).
create index ledger_entry_signal_arm on ledger_entry (signal_id, experiment_arm);

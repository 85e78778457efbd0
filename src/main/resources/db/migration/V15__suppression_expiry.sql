-- An agent's hold from the Zendesk sidebar suppresses a contact for some days only: past expires_at the entry no
-- longer suppresses. Null (every entry before this) suppresses until removed.
alter table suppression add column expires_at timestamp with time zone;

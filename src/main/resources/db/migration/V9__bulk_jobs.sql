-- Spike enrichment (issue 13): the Zendesk job (update_many) an event's ticket was sent in, and the event's outcome
-- once that job wrote the ticket, stored before the job is followed: a restarted Kairos polls that job instead of
-- sending the ticket again.
alter table inbox_event add column bulk_job varchar(100);
alter table inbox_event add column bulk_outcome varchar(200);

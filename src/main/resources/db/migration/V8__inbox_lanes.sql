-- Lanes (issue 13): each flow claims its own sources; a signal's severity orders its lane, so a CRITICAL or HIGH
-- signal is taken before older ones of lower severity.
alter table inbox_event add column priority integer not null default 0;
-- Set while an event is parked until a slot it holds in a shared rate limit (SharedRateLimits): when claimed at
-- that time it sends without taking another slot.
alter table inbox_event add column rate_slot timestamp with time zone;
create index inbox_event_lane on inbox_event (source, status, priority, next_attempt_at);

-- When each contact (and each account, the fallback) is usually active, for send-time: one row per subject
-- ('contact:<normalised email>' or 'account:<Salesforce Account id>'), its 24 hourly weights of local time of day
-- in the zone named, decayed up to updated_at. version guards the read-modify-write of concurrent events; last_event
-- (source:event id) keeps an event processed again (parked for a rate slot, retried) from counting twice.
create table activity_histogram (
    subject     varchar(340) primary key,
    buckets     double precision array not null,
    zone        varchar(64)  not null,
    zone_source varchar(8)   not null,
    updated_at  timestamp with time zone not null,
    version     bigint       not null,
    last_event  varchar(300)
);

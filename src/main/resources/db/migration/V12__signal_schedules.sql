-- When each scheduled signal source last ran (catalog kind + its position among the kind's schedules): a replica
-- runs one only by moving last_run_at forward in one update, so every replica may tick and each run happens once.
create table signal_schedule (
    name        varchar(100) primary key,
    last_run_at timestamp with time zone not null
);

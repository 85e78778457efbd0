-- Scale-out: several replicas share this store (README "Running on Kubernetes").

-- One row per leader-only role (the Salesforce subscriber): each new leader takes the next epoch, and what it
-- writes for the role is fenced on it, so a replica that lost leadership without noticing cannot write.
create table leader_term (
    name       varchar(100)             primary key,
    epoch      bigint                   not null,
    holder     varchar(255),
    started_at timestamp with time zone not null
);

-- One row per outbound rate limit shared by every replica: the next free send slot (epoch microseconds), moved
-- one interval forward per permit under the row's lock, so all replicas together keep the configured rate.
create table rate_limit (
    name         varchar(100) primary key,
    next_slot_us bigint       not null
);

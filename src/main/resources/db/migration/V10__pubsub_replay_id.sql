-- Pub/Sub API replay ids are opaque bytes (kept as their Base64 text); a Pub/Sub position is the row
-- 'pubsub:<channel>' of replay_position, apart from the CometD position of the same channel.
alter table replay_position add column pubsub_replay_id varchar(400);

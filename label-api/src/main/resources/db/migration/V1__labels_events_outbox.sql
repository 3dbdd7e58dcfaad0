-- Labels as the admin edits them.
CREATE TABLE label (
    id          uuid          PRIMARY KEY,
    camera_id   varchar(64)   NOT NULL,
    name        varchar(200)  NOT NULL,
    image_url   varchar(2048),
    x           integer       NOT NULL,
    y           integer       NOT NULL,
    width       integer,
    height      integer,
    attributes  jsonb         NOT NULL DEFAULT '{}'::jsonb,
    version     bigint        NOT NULL,
    created_at  timestamptz   NOT NULL,
    updated_at  timestamptz   NOT NULL
);
CREATE INDEX label_by_camera ON label (camera_id, created_at, id);

-- The last sequence number handed out per camera. Incrementing this row inside a write
-- transaction locks it until commit, which makes seq order equal to commit order per camera
-- and keeps the sequence gap-free (a rollback undoes the increment).
CREATE TABLE camera_sequence (
    camera_id  varchar(64)  PRIMARY KEY,
    last_seq   bigint       NOT NULL
);

-- Every change, written in the same transaction as the label: the history clients resume
-- from. Insert-only; rows leave only through pruning.
CREATE TABLE label_event (
    position      bigserial     PRIMARY KEY,
    event_id      uuid          NOT NULL,
    camera_id     varchar(64)   NOT NULL,
    seq           bigint        NOT NULL,
    type          varchar(16)   NOT NULL,
    occurred_at   timestamptz   NOT NULL,
    payload       text          NOT NULL,
    CONSTRAINT label_event_camera_seq UNIQUE (camera_id, seq)
);
CREATE INDEX label_event_occurred ON label_event (occurred_at);

-- The events not yet confirmed by the broker, written with the event. A separate small table
-- rather than a "published" flag on label_event: the relay deletes a row once confirmed,
-- which is much cheaper than an update that touches every index of the history.
CREATE TABLE outbox (
    position     bigint       PRIMARY KEY,
    occurred_at  timestamptz  NOT NULL
);
-- A queue table: every row is deleted soon after insert. Vacuum it after a fixed number of
-- dead rows rather than a fraction of a table that is almost always near empty.
ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                        autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000);

-- Results of POSTs made with an Idempotency-Key, so a retry returns the first result.
CREATE TABLE idempotency_key (
    key               varchar(255)  PRIMARY KEY,
    request_hash      varchar(64)   NOT NULL,
    label_id          uuid,
    response          text,
    created_at        timestamptz   NOT NULL
);
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);

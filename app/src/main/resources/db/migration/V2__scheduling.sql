-- Resources, events, availability rules, reminders and plain-language requests.
-- Double booking is impossible at the database level: event_resource and event_participant
-- carry the event's time range and an exclusion constraint per resource / per member.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE resource (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind       text        NOT NULL CHECK (kind IN ('car', 'room', 'field', 'other')),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE event (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title      text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    location   text,
    request_id uuid UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at)
);
CREATE INDEX event_time_idx ON event USING gist (tstzrange(starts_at, ends_at));
CREATE INDEX event_starts_at_idx ON event (starts_at, id);

CREATE TABLE event_resource (
    event_id    bigint    NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    resource_id bigint    NOT NULL REFERENCES resource (id),
    during      tstzrange NOT NULL,
    PRIMARY KEY (event_id, resource_id),
    CONSTRAINT resource_not_double_booked EXCLUDE USING gist (resource_id WITH =, during WITH &&)
);

CREATE TABLE event_participant (
    event_id  bigint    NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    member_id bigint    NOT NULL REFERENCES member (id),
    during    tstzrange NOT NULL,
    PRIMARY KEY (event_id, member_id),
    CONSTRAINT member_not_double_booked EXCLUDE USING gist (member_id WITH =, during WITH &&)
);

-- "constraint" is a reserved word; the API calls these constraints.
CREATE TABLE availability_rule (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id   bigint REFERENCES member (id) ON DELETE CASCADE,
    resource_id bigint REFERENCES resource (id) ON DELETE CASCADE,
    days        smallint[] NOT NULL CHECK (cardinality(days) BETWEEN 1 AND 7 AND days <@ ARRAY[1,2,3,4,5,6,7]::smallint[]),
    from_time   time        NOT NULL,
    until_time  time        NOT NULL,
    reason      text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((member_id IS NULL) <> (resource_id IS NULL)),
    CHECK (from_time <> until_time)
);
CREATE INDEX availability_rule_member_idx ON availability_rule (member_id);
CREATE INDEX availability_rule_resource_idx ON availability_rule (resource_id);

CREATE TABLE reminder (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id   bigint      NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    remind_at  timestamptz NOT NULL,
    message    text        NOT NULL,
    channel    text        NOT NULL DEFAULT 'log',
    sent_at    timestamptz,
    sent_by    text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reminder_due_idx ON reminder (remind_at) WHERE sent_at IS NULL;

CREATE TABLE scheduling_request (
    id          uuid PRIMARY KEY,
    message     text        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('pending', 'done', 'conflict', 'rejected')),
    reason      text,
    event_id    bigint      REFERENCES event (id) ON DELETE SET NULL,
    outcome     jsonb,
    attempts    integer     NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    enqueued_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE INDEX scheduling_request_pending_idx ON scheduling_request (enqueued_at) WHERE status = 'pending';

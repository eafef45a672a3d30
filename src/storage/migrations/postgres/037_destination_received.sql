-- Session 37 (as SQLite 034): a facility desk opened or reloaded after a patient it expected was sent elsewhere is
-- told so for an hour (src/server/diverted.ts). It reads the changes of destination received in that hour, by this
-- partial index: the log is not scanned per connect. The query's `type IN (...)` is written as here, so the planner
-- uses it.
CREATE INDEX events_destination_received ON events (received_at) WHERE type IN ('destination', 'evac.assigned');

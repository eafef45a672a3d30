-- Mass-casualty incidents (issue 15). An incident is its own log in `events` (no projection row in `casualties`);
-- a casualty's projection names the incident it is linked to, so an incident's casualties are one indexed query.
ALTER TABLE casualties ADD COLUMN incident_id text;
CREATE INDEX casualties_incident ON casualties (incident_id, last_seq);
CREATE INDEX events_incident_declared ON events (casualty_id) WHERE type = 'incident.declared';

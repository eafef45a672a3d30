-- SYNC-24: a hand-over code is received once, and the database holds it. The door names each arrival it admitted by
-- a code in the append's audit entry (`detail.handoverReceived`: the code's id, casualty, facility, the arrival's
-- event id); this trigger writes it here in the same transaction. A code held by an arrival at another facility that
-- no void names refuses the append (only this append: its savepoint is rolled back); a voided one is taken over.
-- The door reads the log first (SYNC-23) and answers a second facility's desk itself; this is what holds when that
-- read raced another writer. A replicated arrival (upstream) names no reception: it is the peer's, decided there.
CREATE TABLE handover_receipts (
  code_id TEXT PRIMARY KEY,
  casualty_id TEXT NOT NULL,
  facility_id TEXT NOT NULL,
  event_id TEXT NOT NULL
) STRICT;
CREATE TRIGGER handover_receipt AFTER INSERT ON log_audit
WHEN NEW.detail LIKE '%"handoverReceived":%'
BEGIN
  SELECT RAISE(ABORT, 'the hand-over code ' || h.code_id || ' was already received at ' || h.facility_id)
    FROM json_each(NEW.detail, '$.handoverReceived') r
    JOIN handover_receipts h ON h.code_id = r.value ->> 'code'
    WHERE h.facility_id <> r.value ->> 'facilityId'
      AND NOT EXISTS (SELECT 1 FROM events v WHERE v.casualty_id = h.casualty_id AND v.type = 'void' AND v.payload ->> 'target' = h.event_id);
  INSERT INTO handover_receipts (code_id, casualty_id, facility_id, event_id)
    SELECT r.value ->> 'code', r.value ->> 'casualtyId', r.value ->> 'facilityId', r.value ->> 'event'
    FROM json_each(NEW.detail, '$.handoverReceived') r WHERE true
    ON CONFLICT (code_id) DO UPDATE SET casualty_id = excluded.casualty_id, facility_id = excluded.facility_id, event_id = excluded.event_id;
END;

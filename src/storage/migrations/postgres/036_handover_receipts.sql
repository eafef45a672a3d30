-- SYNC-24: a hand-over code is received once, and the database holds it, across every process on it. The door names
-- each arrival it admitted by a code in the append's audit entry (`detail.handoverReceived`: the code's id, casualty,
-- facility, the arrival's event id); this trigger writes it here in the same transaction (both append paths insert
-- that entry: the guarded CALL and the locked one). A code held by an arrival at another facility that no void names
-- refuses the append (GH024, nothing stored); a voided one is taken over. The insert comes first, so two
-- transactions claiming one code are decided by the key even without the head lock every append also takes. The door
-- reads the log first (SYNC-23) and answers a second facility's desk itself; this is what holds when that read raced
-- another process. A replicated arrival (upstream) names no reception: it is the peer's, decided there.
CREATE TABLE handover_receipts (
  code_id text PRIMARY KEY,
  casualty_id text NOT NULL,
  facility_id text NOT NULL,
  event_id text NOT NULL
);

CREATE FUNCTION handover_receipt() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r json;
  held handover_receipts;
BEGIN
  FOR r IN SELECT value FROM json_array_elements(NEW.detail::json -> 'handoverReceived') LOOP
    INSERT INTO handover_receipts (code_id, casualty_id, facility_id, event_id)
      VALUES (r ->> 'code', r ->> 'casualtyId', r ->> 'facilityId', r ->> 'event')
      ON CONFLICT (code_id) DO NOTHING;
    CONTINUE WHEN FOUND;
    SELECT * INTO held FROM handover_receipts WHERE code_id = r ->> 'code' FOR UPDATE;
    IF held.facility_id <> r ->> 'facilityId' AND NOT EXISTS (SELECT 1 FROM events v
        WHERE v.casualty_id = held.casualty_id AND v.type = 'void' AND v.payload ->> 'target' = held.event_id) THEN
      RAISE EXCEPTION 'the hand-over code % was already received at %', held.code_id, held.facility_id USING ERRCODE = 'GH024';
    END IF;
    UPDATE handover_receipts SET casualty_id = r ->> 'casualtyId', facility_id = r ->> 'facilityId', event_id = r ->> 'event'
      WHERE code_id = r ->> 'code';
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER handover_receipt AFTER INSERT ON log_audit FOR EACH ROW
  WHEN (NEW.detail LIKE '%"handoverReceived":%')
  EXECUTE FUNCTION handover_receipt();

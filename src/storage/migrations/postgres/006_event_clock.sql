-- The clock note of an event whose time was corrected for its device's clock offset (src/core/clock.ts):
-- the device's own reading, the offset applied, and whether it still needs a time. NULL when uncorrected.
ALTER TABLE events ADD COLUMN clock json;

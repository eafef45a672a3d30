-- Issue 16 item 2: the casualty projection is extended by each append instead of refolded from the whole log.
-- `fold` holds the small cursor that needs (src/core/fold-forward.ts FoldCursor): the last event folded, each
-- decision's heads, the outcomes, the ids corrections named. NULL (rows from before): the next append refolds.
ALTER TABLE casualties ADD COLUMN fold TEXT CHECK (fold IS NULL OR json_valid(fold));

-- The queue's "completed by" filter. Partial: requests no officer has completed yet
-- (every new one, including a 10,000-row bulk upload) cost the index nothing.
CREATE INDEX registration_by_completer ON registration_requests (completed_by, requested_at, id)
    WHERE completed_by IS NOT NULL;

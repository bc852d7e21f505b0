-- The per-user quota on staged uploads counts and sums one owner's staged files at every upload.
CREATE INDEX staged_attachments_owner ON dossiers.staged_attachments (owner_id) INCLUDE (size);

-- When the deadline clock next owes each dossier a look (near due, then due), NULL while its clock does not run or
-- once overdue is recorded: the deadline watch reads the dossiers whose time has come off this index, instead of a
-- reminder per dossier. Open dossiers already here are looked at on the first tick; each then keeps its own time.
ALTER TABLE dossiers.dossiers ADD COLUMN deadline_check_at timestamptz NULL;
UPDATE dossiers.dossiers SET deadline_check_at = now() WHERE status IN (1, 2, 4);
CREATE INDEX dossiers_deadline_checks ON dossiers.dossiers (deadline_check_at) WHERE deadline_check_at IS NOT NULL;

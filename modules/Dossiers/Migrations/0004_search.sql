-- Search by dossier code or applicant name, with or without diacritics (the name folded as VietnameseText.Fold does).
ALTER TABLE dossiers.dossiers ADD COLUMN applicant_name_folded text NOT NULL DEFAULT '';
CREATE INDEX dossiers_search_name ON dossiers.dossiers (agency, applicant_name_folded text_pattern_ops);
CREATE INDEX dossiers_search_code ON dossiers.dossiers (code text_pattern_ops);

-- A commune part's dossier page names the interlinked dossier it belongs to (GET /api/interlinked/of-dossier/{id}):
-- one whole per commune part, found by the part's dossier id.
CREATE UNIQUE INDEX interlinked_commune_part ON dossiers.interlinked (commune_part_id);

-- The population-registry lookups the platform made for a counter clerk: a registration may claim that its
-- applicant's details came from the registry only by naming a lookup of the same personal ID by the same clerk.
CREATE TABLE dossiers.population_lookups (
    lookup_id text PRIMARY KEY,
    personal_id text NOT NULL,
    requested_by text NOT NULL,
    looked_up_at timestamptz NOT NULL
);

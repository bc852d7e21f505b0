CREATE SCHEMA IF NOT EXISTS catalogue;

-- One row per unit at any level; the hierarchy is data (parent_code, level), not a fixed two-level shape.
CREATE TABLE catalogue.administrative_units (
    code          text     PRIMARY KEY,
    parent_code   text     NULL REFERENCES catalogue.administrative_units (code),
    level         smallint NOT NULL CHECK (level >= 1),
    unit_type     text     NOT NULL,
    name          text     NOT NULL,
    name_en       text     NOT NULL,
    full_name     text     NOT NULL,
    full_name_en  text     NOT NULL,
    code_name     text     NOT NULL,
    dataset       text     NOT NULL
);

CREATE INDEX administrative_units_parent ON catalogue.administrative_units (parent_code, unit_type, code);

-- The data dictionary of seed_country_evidence: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table seed_country_evidence is 'One row per cue that a story is about a country (seeds/country_evidence.csv): exchange suffixes of tickers, legal forms, currencies, national bodies. All columns text.';
comment on column seed_country_evidence.cue is 'The cue as written, e.g. F, AG, yen, Bundesbank.';
comment on column seed_country_evidence.kind is 'ticker_suffix, ticker_plain, legal_form, currency or organization.';
comment on column seed_country_evidence.iso3 is 'The country (-> dim_country.iso3).';
comment on column seed_country_evidence.weight is 'What one occurrence adds to the country''s score.';

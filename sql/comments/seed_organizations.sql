-- The data dictionary of seed_organizations: COMMENT ON the table and each column (warehouse.apply_comments).
comment on table seed_organizations is 'One row per line of seeds/organizations.csv (reloaded by every loading run): organisations and their aliases. All columns text.';
comment on column seed_organizations.name is 'The canonical name.';
comment on column seed_organizations.alias is 'Another name or acronym it goes by; empty when none.';
comment on column seed_organizations.kind is 'company, bank, government, intergovernmental, military, ngo, ...';

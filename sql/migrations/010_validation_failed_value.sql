-- The failing value of each validation failure, for a warehouse built before the validation
-- report showed it (earlier failures keep a null value).
alter table validation_failure add column if not exists failed_value varchar;

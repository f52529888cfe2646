-- The backfill columns of run, for a warehouse built before `dateline backfill` existed
-- (release 0.1.0 added them with these statements in sql/tables/run.sql).
alter table run add column if not exists backfill_start date;
alter table run add column if not exists backfill_end date;
alter table run add column if not exists articles_rederived integer;

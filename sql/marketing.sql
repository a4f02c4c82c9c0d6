-- Marketing source database (Olist marketing funnel): marketing qualified leads and the deals closed from them,
-- with the original Kaggle column names, natural keys and the technical watermark column `updated_at`.
-- Idempotent. closed_deals.seller_id points into the Ecom database, so it cannot carry a foreign key (and many
-- closed sellers never sold anything: orphans are real data, cleaned or flagged in Silver).

create or replace function lakehouse_set_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end $$;

create table if not exists marketing_qualified_leads (
  mql_id              text not null primary key,
  first_contact_date  date,
  landing_page_id     text,
  origin              text,
  updated_at          timestamptz not null default now()
);

create table if not exists closed_deals (
  mql_id                         text not null primary key
                                 references marketing_qualified_leads (mql_id) deferrable initially immediate,
  seller_id                      text,
  sdr_id                         text,
  sr_id                          text,
  won_date                       timestamp,
  business_segment               text,
  lead_type                      text,
  lead_behaviour_profile         text,
  has_company                    text,
  has_gtin                       text,
  average_stock                  text,
  business_type                  text,
  declared_product_catalog_size  double precision,
  declared_monthly_revenue       double precision,
  updated_at                     timestamptz not null default now()
);

do $$
declare t text;
begin
  foreach t in array array['marketing_qualified_leads', 'closed_deals'] loop
    execute format('create index if not exists %I on %I (updated_at)', t || '_updated_at_idx', t);
    execute format('create or replace trigger %I before update on %I for each row execute function lakehouse_set_updated_at()',
                   t || '_set_updated_at', t);
  end loop;
end $$;

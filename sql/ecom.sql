-- Ecom source database (Olist e-commerce): the nine Kaggle tables with their original column names and order,
-- natural keys, the foreign keys the data honours, and the technical watermark column `updated_at` that incremental
-- ingestion reads. Idempotent: applying it twice changes nothing. Column names and types are checked against
-- contracts/sources.json by tests/data/ddl.engine.test.ts.
--
-- Foreign keys are DEFERRABLE so a loader can COPY tables in any order inside one transaction; they are checked at
-- commit. There is deliberately no FK from products to the category translation (the real data has categories with
-- no translation) and none from customers/sellers to geolocation (zip prefixes are many-to-many and incomplete).

create or replace function lakehouse_set_updated_at() returns trigger language plpgsql as $$
begin
  -- Bumped on every update so that `where updated_at > :watermark` sees changed rows, not only new ones.
  new.updated_at := now();
  return new;
end $$;

create table if not exists product_category_name_translation (
  product_category_name          text not null primary key,
  product_category_name_english  text,
  updated_at                     timestamptz not null default now()
);

create table if not exists customers (
  customer_id               text not null primary key,
  customer_unique_id        text not null,
  customer_zip_code_prefix  text,
  customer_city             text,
  customer_state            text,
  updated_at                timestamptz not null default now()
);

create table if not exists geolocation (
  geolocation_zip_code_prefix  text not null,
  geolocation_lat              double precision,
  geolocation_lng              double precision,
  geolocation_city             text,
  geolocation_state            text,
  updated_at                   timestamptz not null default now()
);

create table if not exists sellers (
  seller_id               text not null primary key,
  seller_zip_code_prefix  text,
  seller_city             text,
  seller_state            text,
  updated_at              timestamptz not null default now()
);

create table if not exists products (
  product_id                  text not null primary key,
  product_category_name       text,
  product_name_lenght         integer,
  product_description_lenght  integer,
  product_photos_qty          integer,
  product_weight_g            integer,
  product_length_cm           integer,
  product_height_cm           integer,
  product_width_cm            integer,
  updated_at                  timestamptz not null default now()
);

create table if not exists orders (
  order_id                       text not null primary key,
  customer_id                    text not null references customers (customer_id) deferrable initially immediate,
  order_status                   text,
  order_purchase_timestamp       timestamp,
  order_approved_at              timestamp,
  order_delivered_carrier_date   timestamp,
  order_delivered_customer_date  timestamp,
  order_estimated_delivery_date  timestamp,
  updated_at                     timestamptz not null default now()
);

create table if not exists order_items (
  order_id             text not null references orders (order_id) deferrable initially immediate,
  order_item_id        integer not null,
  product_id           text references products (product_id) deferrable initially immediate,
  seller_id            text references sellers (seller_id) deferrable initially immediate,
  shipping_limit_date  timestamp,
  price                numeric(12, 2),
  freight_value        numeric(12, 2),
  updated_at           timestamptz not null default now(),
  primary key (order_id, order_item_id)
);

create table if not exists order_payments (
  order_id              text not null references orders (order_id) deferrable initially immediate,
  payment_sequential    integer not null,
  payment_type          text,
  payment_installments  integer,
  payment_value         numeric(12, 2),
  updated_at            timestamptz not null default now(),
  primary key (order_id, payment_sequential)
);

-- review_id alone is not unique in Olist (one review can cover several orders of the same purchase).
create table if not exists order_reviews (
  review_id                text not null,
  order_id                 text not null references orders (order_id) deferrable initially immediate,
  review_score             integer,
  review_comment_title     text,
  review_comment_message   text,
  review_creation_date     timestamp,
  review_answer_timestamp  timestamp,
  updated_at               timestamptz not null default now(),
  primary key (review_id, order_id)
);

-- Watermark indexes and update triggers, one per table.
do $$
declare t text;
begin
  foreach t in array array['product_category_name_translation', 'customers', 'geolocation', 'sellers', 'products',
                           'orders', 'order_items', 'order_payments', 'order_reviews'] loop
    execute format('create index if not exists %I on %I (updated_at)', t || '_updated_at_idx', t);
    execute format('create or replace trigger %I before update on %I for each row execute function lakehouse_set_updated_at()',
                   t || '_set_updated_at', t);
  end loop;
end $$;

-- Joins the batch layer and the --append mode use.
create index if not exists orders_customer_id_idx on orders (customer_id);
create index if not exists order_reviews_order_id_idx on order_reviews (order_id);

/**
 * Business KPIs computed twice: from the sources (PostgreSQL `ecom` and `marketing`, and the log files loaded into a
 * temporary table) with plain SQL written from the documented rules of jobs/README.md, and from Gold through the
 * Spark Thrift Server. Nothing here calls the Spark jobs: where Silver applies a cleaning rule, the source SQL applies
 * the rule as documented (trimmed blank-to-null strings, zip padding, state and code case, category snake_case,
 * range rules, foreign keys), so a defect in the jobs shows up as a mismatch.
 *
 * Result convention: columns named `k` or `k_*` are the key; every other column is a number compared to 1e-9 relative.
 */
import { storage } from "../../contracts";

export type SourceDb = "ecom" | "marketing" | "logs";

export interface Kpi {
  readonly name: string;
  /** What a BI user reads off this KPI. */
  readonly description: string;
  /** Where the source SQL runs: `logs` runs in the ecom session, over the temporary tables of the log lines. */
  readonly source: SourceDb;
  readonly sourceSql: string;
  readonly goldSql: string;
}

const gold = storage.hiveDatabases.gold;

/** Silver's string cleaning: trimmed (spaces), whitespace runs collapsed, blank as null. */
const blank = (c: string): string => `nullif(regexp_replace(btrim(${c}), '\\s+', ' ', 'g'), '')`;
const code = (c: string): string => `lower(${blank(c)})`;
const ACCENTED = "áàâãäåéèêëíìîïóòôõöúùûüçñýÿÁÀÂÃÄÅÉÈÊËÍÌÎÏÓÒÔÕÖÚÙÛÜÇÑÝ";
const PLAIN = "aaaaaaeeeeiiiiooooouuuucnyyAAAAAAEEEEIIIIOOOOOUUUUCNY";
const category = (c: string): string => `regexp_replace(lower(translate(${blank(c)}, '${ACCENTED}', '${PLAIN}')), '[\\s-]+', '_', 'g')`;
const zip = (c: string): string => `(CASE WHEN ${blank(c)} ~ '^\\d{1,5}$' THEN lpad(${blank(c)}, 5, '0') ELSE ${blank(c)} END)`;
const placeValid = (p: string): string =>
  `(${zip(`${p}_zip_code_prefix`)} IS NULL OR ${zip(`${p}_zip_code_prefix`)} ~ '^\\d{5}$') AND ` +
  `(upper(${blank(`${p}_state`)}) IS NULL OR upper(${blank(`${p}_state`)}) ~ '^[A-Z]{2}$')`;
const nonNegative = (...cols: string[]): string => cols.map((c) => `coalesce(${c} >= 0, true)`).join(" AND ");

/** The Silver rows of the ecom tables the KPIs read, as CTEs (valid rows only, cleaned, foreign keys enforced). */
const ECOM_SILVER = `WITH
  s_customers AS (SELECT customer_id, ${blank("customer_unique_id")} AS customer_unique_id,
      upper(${blank("customer_state")}) AS customer_state FROM customers WHERE ${placeValid("customer")}),
  s_sellers AS (SELECT seller_id FROM sellers WHERE ${placeValid("seller")}),
  s_products AS (SELECT product_id, ${category("product_category_name")} AS category FROM products WHERE ${nonNegative(
    "product_name_lenght", "product_description_lenght", "product_photos_qty", "product_weight_g",
    "product_length_cm", "product_height_cm", "product_width_cm",
  )}),
  s_translation AS (SELECT ${category("product_category_name")} AS category,
      ${category("product_category_name_english")} AS english FROM product_category_name_translation),
  s_orders AS (SELECT o.order_id, o.customer_id, o.order_purchase_timestamp AS purchased,
      o.order_delivered_customer_date AS delivered, o.order_estimated_delivery_date AS estimated
      FROM orders o JOIN s_customers USING (customer_id)),
  s_items AS (SELECT i.order_id, i.product_id, i.seller_id, i.price FROM order_items i JOIN s_orders USING (order_id)
      WHERE i.order_item_id >= 1 AND ${nonNegative("i.price", "i.freight_value")}
        AND (i.product_id IS NULL OR i.product_id IN (SELECT product_id FROM s_products))
        AND (i.seller_id IS NULL OR i.seller_id IN (SELECT seller_id FROM s_sellers))),
  s_payments AS (SELECT p.order_id, ${code("p.payment_type")} AS payment_type, p.payment_value
      FROM order_payments p JOIN s_orders USING (order_id)
      WHERE p.payment_sequential >= 1 AND ${nonNegative("p.payment_installments", "p.payment_value")}),
  s_reviews AS (SELECT r.order_id, r.review_score FROM order_reviews r JOIN s_orders USING (order_id)
      WHERE coalesce(r.review_score BETWEEN 1 AND 5, true)),
  order_payment AS (SELECT order_id, sum(payment_value) AS payment_value FROM s_payments GROUP BY order_id),
  order_review AS (SELECT order_id, avg(review_score)::float8 AS score FROM s_reviews GROUP BY order_id)
`;

/** Tie order of the main payment type (jobs/README.md, fact_orders.main_payment_type); others after, by name. */
const TIE_ORDER = "ARRAY['credit_card', 'boleto', 'voucher', 'debit_card', 'not_defined']";

export const KPIS: readonly Kpi[] = [
  {
    name: "revenue by purchase month",
    description: "orders and the sum of their payments per purchase month",
    source: "ecom",
    sourceSql: `${ECOM_SILVER} SELECT to_char(o.purchased, 'YYYY-MM') AS k, count(*) AS orders, sum(p.payment_value) AS revenue
      FROM s_orders o LEFT JOIN order_payment p USING (order_id) GROUP BY 1`,
    goldSql: `SELECT purchase_month AS k, COUNT(*) AS orders, SUM(payment_value) AS revenue FROM ${gold}.fact_orders GROUP BY purchase_month`,
  },
  {
    name: "orders by customer state",
    description: "orders per state of the ordering customer",
    source: "ecom",
    sourceSql: `${ECOM_SILVER} SELECT c.customer_state AS k, count(*) AS orders FROM s_orders o JOIN s_customers c USING (customer_id) GROUP BY 1`,
    goldSql: `SELECT c.customer_state AS k, COUNT(*) AS orders FROM ${gold}.fact_orders f JOIN ${gold}.dim_customers c ON c.customer_id = f.customer_id GROUP BY c.customer_state`,
  },
  {
    name: "distinct customers",
    description: "people (customer_unique_id) who placed at least one order",
    source: "ecom",
    sourceSql: `${ECOM_SILVER} SELECT 'all' AS k, count(DISTINCT c.customer_unique_id) AS customers FROM s_orders o JOIN s_customers c USING (customer_id)`,
    goldSql: `SELECT 'all' AS k, COUNT(DISTINCT c.customer_unique_id) AS customers FROM ${gold}.fact_orders f JOIN ${gold}.dim_customers c ON c.customer_id = f.customer_id`,
  },
  {
    name: "average review score by English category",
    description: "mean of the orders' mean review score, over reviewed orders with an item of the category",
    source: "ecom",
    sourceSql: `${ECOM_SILVER}, cat AS (SELECT DISTINCT i.order_id, CASE WHEN p.category IS NULL THEN NULL ELSE coalesce(t.english, p.category) END AS english
        FROM s_items i JOIN s_products p USING (product_id) LEFT JOIN s_translation t ON t.category = p.category)
      SELECT coalesce(cat.english, '(none)') AS k, count(*) AS orders, avg(r.score) AS avg_score
      FROM cat JOIN order_review r USING (order_id) GROUP BY 1`,
    goldSql: `SELECT COALESCE(cat.english, '(none)') AS k, COUNT(*) AS orders, AVG(f.review_score_avg) AS avg_score
      FROM (SELECT DISTINCT i.order_id, p.product_category_name_english AS english FROM ${gold}.fact_order_items i
            JOIN ${gold}.dim_products p ON p.product_id = i.product_id) cat
      JOIN ${gold}.fact_orders f ON f.order_id = cat.order_id WHERE f.review_score_avg IS NOT NULL
      GROUP BY COALESCE(cat.english, '(none)')`,
  },
  {
    name: "delivery delay and late share by purchase month",
    description: "delivered orders, late ones (delivered on a day after the estimated day), mean delay in days",
    source: "ecom",
    sourceSql: `${ECOM_SILVER} SELECT to_char(purchased, 'YYYY-MM') AS k, count(*) AS delivered,
        count(*) FILTER (WHERE delivered::date > estimated::date) AS late,
        avg(delivered::date - estimated::date) AS avg_delay_days,
        count(*) FILTER (WHERE delivered::date > estimated::date)::float8 / count(*) AS late_share
      FROM s_orders WHERE delivered IS NOT NULL AND estimated IS NOT NULL GROUP BY 1`,
    goldSql: `SELECT purchase_month AS k, COUNT(*) AS delivered, SUM(CASE WHEN is_late THEN 1 ELSE 0 END) AS late,
        AVG(delivery_delay_days) AS avg_delay_days, SUM(CASE WHEN is_late THEN 1 ELSE 0 END) / COUNT(*) AS late_share
      FROM ${gold}.fact_orders WHERE is_late IS NOT NULL GROUP BY purchase_month`,
  },
  {
    name: "payments by main payment type",
    description: "orders and their payment value per main payment type (the type carrying most of the order's value)",
    source: "ecom",
    sourceSql: `${ECOM_SILVER}, per_type AS (SELECT order_id, payment_type, sum(payment_value) AS v FROM s_payments GROUP BY 1, 2),
      ranked AS (SELECT order_id, payment_type, row_number() OVER (PARTITION BY order_id ORDER BY v DESC,
          coalesce(array_position(${TIE_ORDER}, payment_type), 6), payment_type) AS r FROM per_type)
      SELECT m.payment_type AS k, count(*) AS orders, sum(p.payment_value) AS payment_value
      FROM ranked m JOIN order_payment p USING (order_id) WHERE m.r = 1 GROUP BY 1`,
    goldSql: `SELECT main_payment_type AS k, COUNT(*) AS orders, SUM(payment_value) AS payment_value FROM ${gold}.fact_orders
      WHERE payments_count > 0 GROUP BY main_payment_type`,
  },
  {
    name: "MQL-to-deal conversion by origin",
    description: "MQLs, closed deals (any seller, sold or not) and their ratio per origin",
    source: "marketing",
    sourceSql: `WITH deals AS (SELECT DISTINCT mql_id FROM closed_deals
        WHERE ${nonNegative("declared_product_catalog_size", "declared_monthly_revenue")})
      SELECT coalesce(${code("m.origin")}, 'unknown') AS k, count(*) AS mqls, count(d.mql_id) AS closed,
        count(d.mql_id)::float8 / count(*) AS conversion
      FROM marketing_qualified_leads m LEFT JOIN deals d USING (mql_id) GROUP BY 1`,
    goldSql: `SELECT origin AS k, COUNT(*) AS mqls, SUM(CASE WHEN is_closed THEN 1 ELSE 0 END) AS closed,
        SUM(CASE WHEN is_closed THEN 1 ELSE 0 END) / COUNT(*) AS conversion FROM ${gold}.dim_mql GROUP BY origin`,
  },
  {
    name: "closed deals by origin",
    description: "closed deals per origin of their MQL",
    source: "marketing",
    sourceSql: `SELECT coalesce(${code("m.origin")}, 'unknown') AS k, count(*) AS deals FROM closed_deals d
      LEFT JOIN marketing_qualified_leads m USING (mql_id)
      WHERE ${nonNegative("d.declared_product_catalog_size", "d.declared_monthly_revenue")} GROUP BY 1`,
    goldSql: `SELECT origin AS k, COUNT(*) AS deals FROM ${gold}.fact_closed_deals GROUP BY origin`,
  },
  {
    name: "top 10 sellers by item revenue",
    description: "the ten sellers with the largest sum of item prices (ties by seller id)",
    source: "ecom",
    sourceSql: `${ECOM_SILVER} SELECT seller_id AS k, sum(price) AS revenue, count(*) AS items FROM s_items
      GROUP BY 1 ORDER BY revenue DESC NULLS LAST, k LIMIT 10`,
    goldSql: `SELECT seller_id AS k, SUM(price) AS revenue, COUNT(*) AS items FROM ${gold}.fact_order_items
      GROUP BY seller_id ORDER BY revenue DESC NULLS LAST, k LIMIT 10`,
  },
  {
    name: "page views per day",
    description: "distinct valid clickstream lines of type page_view per day (UTC)",
    source: "logs",
    sourceSql: `SELECT to_char(ts::date, 'YYYY-MM-DD') AS k, count(*) AS page_views FROM click_events WHERE event_type = 'page_view' GROUP BY 1`,
    goldSql: `SELECT CAST(date_id AS STRING) AS k, COUNT(*) AS page_views FROM ${gold}.fact_clickstream_events
      WHERE event_type = 'page_view' GROUP BY date_id`,
  },
  {
    name: "access-log status counts per day",
    description: "distinct valid request lines per day (UTC) and HTTP status",
    source: "logs",
    sourceSql: `SELECT to_char(ts::date, 'YYYY-MM-DD') AS k, status AS k_status, count(*) AS requests FROM access_requests GROUP BY 1, 2`,
    goldSql: `SELECT CAST(date_id AS STRING) AS k, status AS k_status, COUNT(*) AS requests FROM ${gold}.fact_access_log GROUP BY date_id, status`,
  },
];

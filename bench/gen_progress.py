"""Fill a PostgreSQL database with progress-benchmark data in a few set-based statements.

    DATABASE_URL=postgres://…/bz_bench python bench/gen_progress.py --enterprises 100000 --patents 1000000

Creates N enterprises spread over Hunan's counties with 7 years (2016–2022) of yearly data, M patents
(35 % inventions, 60 % granted, a quarter with a second enterprise applicant in another county),
the break-zero events they imply, 3 % 小巨人 titles and 1,000 participants a year. Deterministic
(setseed). Then times a full summary refresh. Refuses to run on a database that already has enterprises
unless --reset (which TRUNCATEs the tables it fills).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

TABLES = ("indicators_participant", "cultivation_title", "patents_breakzeroevent", "patents_patentapplicant",
          "patents_patent", "enterprises_enterpriseyear", "enterprises_enterprise")

STATEMENTS = [
    "SELECT setseed(0.2020)",
    """CREATE TEMP TABLE bench_counties AS SELECT row_number() OVER (ORDER BY code) AS n, code, city_code
       FROM regions_region WHERE level = 'county'""",
    """INSERT INTO enterprises_enterprise (created_at, updated_at, uscc, name, name_normalized, industry_code,
       industry_section, contact_person, contact_phone, is_check_override, latest_size, latest_year, city_id, county_id)
       SELECT now(), now(), 'BENCH' || lpad(i::text, 13, '0'), '湖南基准企业' || i || '有限公司', '湖南基准企业' || i || '有限公司',
       '3911', 'C', '', '', false, (ARRAY['large','medium','small','small','micro','micro','micro'])[1 + (i %% 7)], 2022,
       c.city_code, c.code FROM generate_series(1, %(enterprises)s) i
       JOIN bench_counties c ON c.n = 1 + (i %% (SELECT count(*) FROM bench_counties))""",
    """INSERT INTO enterprises_enterpriseyear (created_at, updated_at, year, employees, operating_revenue, rd_expense,
       new_product_revenue, new_product_profit, size, size_note, enterprise_id)
       SELECT now(), now(), y, 50, r, round((r * (0.005 + random() * 0.05))::numeric, 2),
       CASE WHEN random() < 0.7 THEN round((r * random() * 0.4)::numeric, 2) END,
       CASE WHEN random() < 0.7 THEN round((r * random() * 0.05)::numeric, 2) END, e.latest_size, '', e.id
       FROM enterprises_enterprise e CROSS JOIN generate_series(2016, 2022) y
       CROSS JOIN LATERAL (SELECT round((500 + random() * 20000)::numeric, 2) AS r) rr""",
    """INSERT INTO patents_patent (created_at, updated_at, application_number, kind, title, application_date,
       publication_number, grant_date, legal_status, legal_status_raw, ipc_main, source_file)
       SELECT now(), now(), 'B' || lpad(i::text, 12, '0'),
       CASE WHEN i %% 20 < 7 THEN 'invention' WHEN i %% 20 < 17 THEN 'utility_model' ELSE 'design' END, '基准专利', NULL, '',
       CASE WHEN random() < 0.6 THEN DATE '2016-01-01' + (random() * 2555)::int END, '', '', '', 'bench'
       FROM generate_series(1, %(patents)s) i""",
    """INSERT INTO patents_patentapplicant (position, name, name_normalized, uscc, applicant_type, match_method, enterprise_id, patent_id)
       SELECT 1, '', '', '', 'enterprise', 'uscc', (SELECT min(id) FROM enterprises_enterprise) + (p.id * 7919) %% %(enterprises)s, p.id
       FROM patents_patent p""",
    """INSERT INTO patents_patentapplicant (position, name, name_normalized, uscc, applicant_type, match_method, enterprise_id, patent_id)
       SELECT 2, '', '', '', 'enterprise', 'uscc', (SELECT min(id) FROM enterprises_enterprise) + (p.id * 104729) %% %(enterprises)s, p.id
       FROM patents_patent p WHERE p.id %% 4 = 0""",
    """INSERT INTO patents_breakzeroevent (created_at, updated_at, break_zero_date, year, size, is_sme, size_known, basis, enterprise_id, patent_id)
       SELECT DISTINCT ON (a.enterprise_id) now(), now(), p.grant_date, extract(year FROM p.grant_date), e.latest_size,
       e.latest_size <> 'large', true, 'grant', a.enterprise_id, p.id
       FROM patents_patentapplicant a JOIN patents_patent p ON p.id = a.patent_id JOIN enterprises_enterprise e ON e.id = a.enterprise_id
       WHERE p.kind = 'invention' AND p.grant_date IS NOT NULL ORDER BY a.enterprise_id, p.grant_date, p.id""",
    """INSERT INTO cultivation_title (created_at, updated_at, tier, level, batch, recognized_on, valid_until, source, enterprise_id)
       SELECT now(), now(), 'little_giant', 'national', '', d, d + interval '3 years', 'bench', e.id
       FROM enterprises_enterprise e CROSS JOIN LATERAL (SELECT DATE '2019-06-01' + ((e.id %% 4) * 365)::int AS d) dd
       WHERE e.id %% 33 = 0""",
    """INSERT INTO indicators_participant (created_at, updated_at, year, note, enterprise_id)
       SELECT now(), now(), y, '', e.id FROM enterprises_enterprise e CROSS JOIN generate_series(2020, 2022) y
       WHERE (e.id + y) %% (%(enterprises)s / 1000) = 0""",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--patents", type=int, default=1_000_000)
    parser.add_argument("--reset", action="store_true")
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection

    from breakzero.indicators.summaries import summaries_refresh

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM enterprises_enterprise")
        if cursor.fetchone()[0] and not args.reset:
            sys.exit("database already has enterprises; pass --reset to TRUNCATE the benchmark tables")
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        for sql in STATEMENTS:
            started = time.monotonic()
            cursor.execute(sql, {"enterprises": args.enterprises, "patents": args.patents})
            print(f"{time.monotonic() - started:6.1f}s  {sql.split()[0]} {sql.split()[2] if len(sql.split()) > 2 else ''}")
        cursor.execute("ANALYZE")
    for _ in range(2):
        refreshed = summaries_refresh()
        print(f"full summary refresh: {refreshed.duration_ms} ms, {refreshed.rows} rows")




def incremental() -> None:
    """Simulate a 10,000-row yearly-data import (one year), then time the refresher."""
    import django

    django.setup()
    from django.db import connection

    from breakzero.indicators.summaries import last_refresh, refresh_after_change

    with connection.cursor() as cursor:
        cursor.execute("""UPDATE enterprises_enterpriseyear SET rd_expense = rd_expense + 1, updated_at = now()
                          WHERE year = 2022 AND id IN (SELECT id FROM enterprises_enterpriseyear WHERE year = 2022
                          ORDER BY id LIMIT 10000)""")
    started = time.monotonic()
    refresh_after_change(sources=["enterprise_years"], enterprise_ids=None)
    last = last_refresh()
    print(f"incremental refresh after 10,000 changed rows: {time.monotonic() - started:.2f} s total "
          f"(summary work {last.duration_ms} ms, years {last.years})")


if __name__ == "__main__":
    incremental() if "--incremental" in sys.argv else main()

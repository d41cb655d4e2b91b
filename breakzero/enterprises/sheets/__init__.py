"""Enterprise register and yearly data: xlsx/csv importers (registered with core.imports).

`enterprise_import` (企业名录, keyed by USCC) and `yearly_import` (企业年度数据, keyed by
USCC + year) share the row loop in `common`; writes are set-based (staging table → one
INSERT … ON CONFLICT per target table) inside one transaction.
"""

from breakzero.enterprises.sheets.enterprise_import import EnterpriseImporter
from breakzero.enterprises.sheets.yearly_import import YearlyImporter

__all__ = ["EnterpriseImporter", "YearlyImporter", "register_importers"]


def register_importers() -> None:
    from breakzero.core.imports import register

    register(EnterpriseImporter())
    register(YearlyImporter())

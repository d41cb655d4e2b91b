"""A small register of enterprises with hand-picked names for the messy patent files."""

import datetime as dt

import pytest

from breakzero.enterprises.models import FormerName
from breakzero.enterprises.tests.factories import EnterpriseFactory, EnterpriseYearFactory
from breakzero.patents.tests.factories import number, write_csv
from breakzero.rules.names import normalize_company_name

NAMES = {
    "star": ("湖南星辰科技有限公司", "430104"),
    "smart": ("长沙智造装备有限公司", "430104"),
    "lake": ("岳阳洞庭新材料股份有限公司", "430602"),
    "blue": ("湖南蓝海电子有限公司", "430104"),
    "dawn": ("湖南启明光电有限公司", "430104"),
    "old": ("湖南老牌机械有限公司", "430104"),
}


@pytest.fixture
def register(db):
    firms = {key: EnterpriseFactory(name=name, county_id=county) for key, (name, county) in NAMES.items()}
    FormerName.objects.create(
        enterprise=firms["smart"], name="长沙智造机械有限公司", name_normalized=normalize_company_name("长沙智造机械有限公司")
    )
    EnterpriseYearFactory(enterprise=firms["star"], year=2021, size="small")
    EnterpriseYearFactory(enterprise=firms["smart"], year=2022, size="large")
    firms["dawn"].latest_size = "small"
    firms["dawn"].save(update_fields=["latest_size"])
    return firms


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


@pytest.fixture
def messy_rows():
    """Rows of the first export (see the hand-computed answers in test_break_zero)."""
    n_star = number(2021, "invention", 123456)
    return [
        # 1: spaced CN number, a university co-applicant, grant only as a B publication.
        ["CN " + n_star[:4] + " 1 " + n_star[5:], "2021-03-05", "发明", "一种星辰装置",
         "湖南星辰科技有限公司；中南大学", "CN113000000B", "2022.06.10", "", "授权", "G06F 16/00"],
        # 2: utility model of the same firm, granted: never counts.
        ["ZL" + number(2021, "utility_model", 1), "2021/3/5", "实用新型", "一种实用结构", "湖南星辰科技有限公司",
         "CN215000001U", "20210910", "20210910", "有效", ""],
        # 3: full-width digits, the firm's former name plus a person.
        [_fullwidth(number(2021, "invention", 234567)), 44287, "发明专利", "一种智造方法",
         "长沙智造机械有限公司、张三", "CN113100000B", "2022-03-01", "2022-03-01", "专利权维持", "B23K"],
        # 4: extra spaces and full-width brackets around the name.
        [number(2021, "invention", 345678), "2021-05-01", "发明", "一种新材料", " 岳阳洞庭新材料股份有限公司 ",
         "CN113200000B", "2023-01-10", "2023-01-10", "授权", "C08L"],
        # 5: a branch holds the patent.
        [number(2021, "invention", 456789), "2021-06-01", "发明", "一种电子电路", "湖南蓝海电子有限公司岳麓分公司",
         "CN113300000B", "2022-09-09", "2022-09-09", "授权", "H05K"],
        # 6: one character off a registered name: waits for review.
        [number(2021, "invention", 567890), "2021-07-01", "发明", "一种光电器件", "湖南启明光点有限公司",
         "CN113400000B", "2022-05-05", "2022-05-05", "授权", "H01L"],
        # 7: granted before the programme.
        [number(2016, "invention", 111), "2016-01-10", "发明", "一种老机械", "湖南老牌机械有限公司",
         "CN105000000B", "2018-07-01", "2018-07-01", "未缴年费专利权终止", "F16H"],
        # 8: wrong check digit.
        [number(2021, "invention", 678901)[:-1] + ("0" if not number(2021, "invention", 678901).endswith("0") else "1"),
         "2021-01-01", "发明", "坏申请号", "湖南星辰科技有限公司", "", "", "", "审中", ""],
        # 9: pending invention of a firm with no grant: a candidate.
        [number(2023, "invention", 789012), "2023-02-01", "发明", "一种光电模组", "湖南启明光电有限公司",
         "CN116000000A", "2023-08-01", "", "实质审查的生效", "H01L"],
        # 10: design patent: never counts.
        [number(2020, "design", 5), "2020-02-02", "外观设计", "包装盒", "岳阳洞庭新材料股份有限公司",
         "CN305000000S", "2020-06-06", "2020-06-06", "有效", ""],
    ]  # fmt: skip


@pytest.fixture
def messy_file(tmp_path, messy_rows):
    return write_csv(tmp_path / "导出1.csv", messy_rows)


@pytest.fixture
def good_file(tmp_path, messy_rows):
    return write_csv(tmp_path / "导出1-good.csv", [r for i, r in enumerate(messy_rows) if i != 7])


DATE = dt.date

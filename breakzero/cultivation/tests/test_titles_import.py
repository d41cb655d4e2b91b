"""Title list import: label parsing, name check, upsert, default validity."""

import datetime as dt

import pytest

from breakzero.core.imports import get_importer, run_file
from breakzero.cultivation.models import Title, default_valid_until
from breakzero.cultivation.sheets import parse_title_label
from breakzero.enterprises.models import FormerName
from breakzero.enterprises.tests.factories import EnterpriseFactory

HEADER = "统一社会信用代码,企业名称,称号/层级,批次,认定日期,有效期至\n"


def _write(tmp_path, lines):
    path = tmp_path / "titles.csv"
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("国家级专精特新“小巨人”企业", ("little_giant", "national")),
        ("专精特新小巨人", ("little_giant", "national")),
        ("省级专精特新中小企业", ("srdi_sme", "provincial")),
        ("创新型中小企业", ("innovative_sme", "provincial")),
    ],
)
def test_parse_title_label_known_labels_give_tier_and_level(label, expected):
    assert parse_title_label(label) == expected


def test_parse_title_label_unknown_label_raises_chinese_error():
    with pytest.raises(ValueError, match="无法识别的称号"):
        parse_title_label("高新技术企业")


def test_default_valid_until_leap_day_maps_to_28_february():
    assert default_valid_until(dt.date(2020, 2, 29)) == dt.date(2023, 2, 28)


@pytest.mark.django_db
def test_titles_import_valid_rows_create_titles_with_default_validity(tmp_path):
    firm = EnterpriseFactory(name="湖南甲科技有限公司")
    path = _write(tmp_path, [f"{firm.uscc},湖南甲科技有限公司,国家级专精特新“小巨人”企业,第三批,2021-07-19,"])
    outcome = run_file(get_importer("titles"), path, apply=True, skip_invalid=False)
    assert outcome.line() == "created=1 updated=0 unchanged=0 rejected=0"
    title = Title.objects.get()
    assert (title.enterprise_id, title.tier, title.level, title.batch) == (firm.pk, "little_giant", "national", "第三批")
    assert title.valid_until == dt.date(2024, 7, 19)


@pytest.mark.django_db
def test_titles_import_same_file_twice_reports_unchanged(tmp_path):
    firm = EnterpriseFactory(name="湖南甲科技有限公司")
    path = _write(tmp_path, [f"{firm.uscc},湖南甲科技有限公司,省级专精特新中小企业,2022年第一批,2022-03-01,2025-02-28"])
    run_file(get_importer("titles"), path, apply=True, skip_invalid=False)
    again = run_file(get_importer("titles"), path, apply=True, skip_invalid=False)
    assert again.line() == "created=0 updated=0 unchanged=1 rejected=0"
    assert Title.objects.get().valid_until == dt.date(2025, 2, 28)


@pytest.mark.django_db
def test_titles_import_name_mismatch_rejects_file_and_saves_nothing(tmp_path):
    firm = EnterpriseFactory(name="湖南甲科技有限公司")
    other = EnterpriseFactory(name="湖南乙科技有限公司")
    path = _write(
        tmp_path,
        [
            f"{firm.uscc},湖南甲科技有限公司,国家级专精特新“小巨人”企业,第三批,2021-07-19,",
            f"{other.uscc},湖南丙科技有限公司,国家级专精特新“小巨人”企业,第三批,2021-07-19,",
            "91430100MA4L9999XX,湖南丁有限公司,小巨人,第三批,2021-07-19,",
        ],
    )
    outcome = run_file(get_importer("titles"), path, apply=True, skip_invalid=False)
    assert [r.row for r in outcome.rejected] == [3, 4]
    assert "名称" in outcome.rejected[0].reason and "未找到本辖区内的该企业" in outcome.rejected[1].reason
    assert not Title.objects.exists()


@pytest.mark.django_db
def test_titles_import_former_name_matches_and_skip_invalid_keeps_good_rows(tmp_path):
    firm = EnterpriseFactory(name="湖南甲科技有限公司")
    FormerName.objects.create(enterprise=firm, name="长沙甲电子有限公司", name_normalized="长沙甲电子有限公司")
    path = _write(
        tmp_path,
        [f"{firm.uscc},长沙甲电子有限公司,创新型中小企业,,2022-05-01,", f"{firm.uscc},湖南甲科技有限公司,荣誉称号,,2022-05-01,"],
    )
    outcome = run_file(get_importer("titles"), path, apply=True, skip_invalid=True)
    assert outcome.applied and outcome.rejected_count == 1
    assert Title.objects.get().tier == "innovative_sme"


@pytest.mark.django_db
def test_titles_import_validity_before_recognition_is_rejected(tmp_path):
    firm = EnterpriseFactory(name="湖南甲科技有限公司")
    path = _write(tmp_path, [f"{firm.uscc},湖南甲科技有限公司,小巨人,,2022-05-01,2021-01-01"])
    outcome = run_file(get_importer("titles"), path, apply=False, skip_invalid=False)
    assert "有效期至早于认定日期" in outcome.rejected[0].reason


@pytest.mark.django_db
def test_titles_import_little_giant_without_batch_rejected_and_level_authority_kept(tmp_path):
    firm = EnterpriseFactory(name="湖南甲科技有限公司")
    path = _write(tmp_path, [f"{firm.uscc},湖南甲科技有限公司,国家级专精特新“小巨人”企业,,2021-07-19,",
                             f"{firm.uscc},湖南甲科技有限公司,湖南省小巨人企业,2018年,2018-09-01,"])
    outcome = run_file(get_importer("titles"), path, apply=True, skip_invalid=True)
    assert [r.row for r in outcome.rejected] == [2] and "批次" in outcome.rejected[0].reason
    title = Title.objects.get()
    assert (title.tier, title.level, title.authority) == ("little_giant", "provincial", "湖南省工业和信息化厅")

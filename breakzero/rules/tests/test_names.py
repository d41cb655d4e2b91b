"""Tests for breakzero.rules.names (company-name key, branch parents, applicant kinds)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breakzero.rules.names import branch_parent_name, classify_applicant, normalize_company_name

PROPERTY = settings(database=None, deadline=None, max_examples=300)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("湖南某某（长沙）科技有限公司", "湖南某某(长沙)科技有限公司"),
        ("湖南某某(长沙)科技有限公司", "湖南某某(长沙)科技有限公司"),
        ("湖南某某【长沙】科技有限公司", "湖南某某(长沙)科技有限公司"),
        ("湖南某某[长沙]科技有限公司", "湖南某某(长沙)科技有限公司"),
        ("湖南某某〔长沙〕科技有限公司", "湖南某某(长沙)科技有限公司"),
        ("湖南某某［长沙］科技有限公司", "湖南某某(长沙)科技有限公司"),
        ("湖南某某〖长沙〗科技有限公司", "湖南某某(长沙)科技有限公司"),
    ],
)
def test_normalize_company_name_any_bracket_kind_gives_ascii_parentheses(text: str, expected: str) -> None:
    assert normalize_company_name(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        " 湖南 某某 科技 有限公司 ",
        "湖南\u3000某某科技\u00a0有限公司",
        "湖南\u200b某某\u200c科技\u200d有限\ufeff公司\u2060",
        "\t湖南某某科技有限公司\n",
        "湖南某某科技有限公司。",
        "“湖南某某科技有限公司”",
        "「湖南某某科技有限公司」；",
        "、湖南某某科技有限公司!!",
        "'湖南某某科技有限公司.'",
        "湖南某某科技有限公司，",
        "湖南某某科技有限公司：",
    ],
)
def test_normalize_company_name_whitespace_and_edge_punctuation_removed(text: str) -> None:
    assert normalize_company_name(text) == "湖南某某科技有限公司"


def test_normalize_company_name_full_width_latin_upper_cased_half_width() -> None:
    assert normalize_company_name("湖南ａｂｃ科技有限公司") == "湖南ABC科技有限公司"
    assert normalize_company_name("湖南Abc科技有限公司") == "湖南ABC科技有限公司"


@pytest.mark.parametrize("dot", ["·", "•", "・", "･", "‧", "∙", "⋅"])
def test_normalize_company_name_any_middle_dot_becomes_u00b7(dot: str) -> None:
    assert normalize_company_name(f"湖南阿凡提{dot}买买提商贸有限公司") == "湖南阿凡提·买买提商贸有限公司"


def test_normalize_company_name_inner_punctuation_kept() -> None:
    assert normalize_company_name("湖南某某（集团）股份有限公司.") == "湖南某某(集团)股份有限公司"
    assert normalize_company_name("某某投资中心（有限合伙）") == "某某投资中心(有限合伙)"


@pytest.mark.parametrize("text", ["", "   ", "。。", "\u200b"])
def test_normalize_company_name_nothing_left_gives_empty_string(text: str) -> None:
    assert normalize_company_name(text) == ""


@PROPERTY
@given(
    text=st.text(
        alphabet=st.sampled_from(
            list(
                "湖南某科技有限公司（）()【】[]〔〕 \u3000\u00a0\u200b。.,，;；、:：!！\"'“”·•・abcABC１２ａ-"
            )
        )
    )
)
def test_normalize_company_name_applied_twice_changes_nothing(text: str) -> None:
    once = normalize_company_name(text)
    assert normalize_company_name(once) == once


@pytest.mark.parametrize(
    ("name", "parent"),
    [
        ("湖南某某科技有限公司长沙分公司", "湖南某某科技有限公司"),
        ("湖南某某科技有限公司岳麓分公司", "湖南某某科技有限公司"),
        ("湖南某某科技股份有限公司株洲分公司", "湖南某某科技股份有限公司"),
        ("湖南某某建设有限责任公司湘潭分公司", "湖南某某建设有限责任公司"),
        ("湖南某某集团有限公司衡阳分公司", "湖南某某集团有限公司"),
        ("湖南某某（集团）有限公司 长沙 分公司", "湖南某某(集团)有限公司"),
        ("湖南某某有限公司分公司", "湖南某某有限公司"),
        ("中国某某集团湖南有限公司长沙市分公司", "中国某某集团湖南有限公司"),
    ],
)
def test_branch_parent_name_branch_gives_normalised_parent(name: str, parent: str) -> None:
    assert branch_parent_name(name) == parent


@pytest.mark.parametrize(
    "name",
    [
        "湖南某某科技有限公司",  # not a branch
        "中国某某银行股份有限公司长沙分行",  # a bank branch is not 分公司
        "湖南某某公司长沙分公司",  # parent without 有限公司: not derivable
        "长沙分公司",
        "有限公司长沙分公司",
        "",
    ],
)
def test_branch_parent_name_not_branch_or_not_derivable_gives_none(name: str) -> None:
    assert branch_parent_name(name) is None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("张三", "person"),
        ("王小明", "person"),
        ("欧阳娜娜", "person"),
        ("麦麦提·艾力", "person"),
        ("Zhang San", "person"),
        ("José García", "person"),
        ("O'Brien, Patrick", "person"),
        ("湖南大学", "university"),
        ("中南大学", "university"),
        ("湖南工业职业技术学院", "university"),
        ("湖南大学机械与运载工程学院", "university"),
        ("长沙航空职业技术学校", "university"),
        ("Central South University", "university"),
        ("中国科学院", "institute"),
        ("中国科学院长沙农业现代化研究所", "institute"),
        ("湖南省农业科学院", "institute"),
        ("中南大学粉末冶金研究院", "institute"),
        ("湖南省某某工程技术研究中心", "institute"),
        ("某某国家重点实验室", "institute"),
        ("Institute of Metal Research", "institute"),
        ("湖南某某科技有限公司", "enterprise"),
        ("湖南某某科技有限公司长沙分公司", "enterprise"),
        ("湖南某某研究院有限公司", "enterprise"),
        ("湖南某某大学科技园有限公司", "enterprise"),
        ("湖南某某机械厂", "enterprise"),
        ("湖南某某集团", "enterprise"),
        ("长沙市某某农民专业合作社", "enterprise"),
        ("某某投资中心（有限合伙）", "enterprise"),
        ("株式会社某某", "enterprise"),
        ("Huawei Technologies Co., Ltd.", "enterprise"),
        ("Siemens AG", "enterprise"),
        ("中南大学湘雅医院", "other"),
        ("湖南省科学技术厅", "other"),
        ("长沙市市场监督管理局", "other"),
        ("湖南省某某委员会", "other"),
        ("长沙市疾病预防控制中心", "other"),
        ("长沙市人民政府", "other"),
        ("Xiangya Hospital", "other"),
        ("", "other"),
        ("湖南某某某某某某", "other"),
        ("123", "other"),
    ],
)
def test_classify_applicant_name_gives_documented_kind(name: str, kind: str) -> None:
    assert classify_applicant(name) == kind


@PROPERTY
@given(text=st.text(max_size=30))
def test_classify_applicant_arbitrary_text_gives_known_kind(text: str) -> None:
    assert classify_applicant(text) in {"person", "university", "institute", "enterprise", "other"}


@PROPERTY
@given(text=st.text(max_size=30))
def test_normalize_company_name_any_unicode_applied_twice_changes_nothing(text: str) -> None:
    once = normalize_company_name(text)
    assert normalize_company_name(once) == once


@settings(database=None, deadline=None, max_examples=500)
@given(
    text=st.text(
        alphabet=st.one_of(
            st.sampled_from(list("湖南某科技有限公司分abcXyz019 \u3000\u200b（）()【】［］〔〕{}·•・‧∙⋅･。，“”'\u0301")),
            st.characters(),
        ),
        max_size=40,
    )
)
def test_normalize_company_name_any_text_equals_step_by_step_reference(text: str) -> None:
    from breakzero.rules.names import _normalize_company_name_reference

    normalize_company_name.cache_clear()
    assert normalize_company_name(text) == _normalize_company_name_reference(text)
    assert normalize_company_name(text) == _normalize_company_name_reference(text)  # cached answer too

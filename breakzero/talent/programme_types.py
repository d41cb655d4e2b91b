"""The 职称 green channel for SME technical staff of the industrial chains (plan §二(八)) on the calls engine.

No document defines its eligibility (programme-rules-2.md §4: GAP); the closest are the 2022 专精特新 talent
measures (exceptional talent may apply directly for senior titles). Nothing is invented: the conditions a call
applies are its settings (`TALENT_TITLE_GREEN_CHANNEL_NOTES`), the form records what the reviewers need, and
the review runs on the engine's chain and expert sheets.
"""

from __future__ import annotations

from django.conf import settings

from breakzero.calls.registry import FormField as F, register_programme_type

SCORING = {"criteria": [{"key": "ability", "label": "专业技术能力", "max": 40},
                        {"key": "results", "label": "业绩成果及经济社会效益", "max": 40},
                        {"key": "contribution", "label": "对企业和产业链的贡献", "max": 20}],
           "aggregation": "mean"}


def register_all() -> None:
    """Called from TalentConfig.ready()."""
    notes = getattr(settings, "TALENT_TITLE_GREEN_CHANNEL_NOTES", "") or (
        "申报条件未见正式文件（待确认）：以当年通知为准，由批次设置说明；评价重业绩贡献，不唯论文、学历、资历")
    register_programme_type(
        "title_green_channel", name_zh="中小企业专业技术人才职称评审绿色通道",
        form_fields=(F("name", "企业名称", prefill="register.name", required=True),
                     F("uscc", "统一社会信用代码", prefill="register.uscc", required=True),
                     F("person", "申报人姓名", required=True),
                     F("specialty", "申报专业", required=True),
                     F("title_level", "申报职称层级", kind="choice", choices=("初级", "中级", "副高级", "正高级"),
                       required=True),
                     F("chain", "所属工业新兴优势产业链"),
                     F("achievements", "主要业绩与成果", kind="textarea", required=True)),
        scoring=SCORING, notes_zh=notes,
    )

"""民参军 core-technology projects on the calls engine (plan §二(三); programme-rules-2.md §5.1).

The fund (湘财企〔2015〕18号) and the yearly 申报指南 exist, but the criteria for "符合条件的民参军单位" and the
2020-2022 provincial support are not known (GAP): no eligibility is invented; the form asks for the
qualification held and the project's open description, and milestones and acceptance follow the recognition.
"""

from __future__ import annotations

from breakzero.calls.registry import FormField as F, register_programme_type

SCORING = {"criteria": [{"key": "technology", "label": "技术先进性与自主可控", "max": 40},
                        {"key": "need", "label": "与装备需求的契合度", "max": 30},
                        {"key": "capacity", "label": "承担单位能力与资格", "max": 30}],
           "aggregation": "trimmed_mean"}


def register_all() -> None:
    """Called from DefenceConfig.ready()."""
    register_programme_type(
        "defence_core_technology", name_zh="民参军核心技术项目",
        form_fields=(F("name", "企业名称", prefill="register.name", required=True),
                     F("uscc", "统一社会信用代码", prefill="register.uscc", required=True),
                     F("qualification", "持有资格（类型及编号）", required=True),
                     F("project", "项目名称（公开表述，不含涉密内容）", required=True),
                     F("funding", "申请资金（万元）", kind="number", required=True),
                     F("milestones", "主要节点（公开表述）", kind="textarea")),
        scoring=SCORING,
        notes_zh="符合条件的民参军单位认定标准未见公开文件（GAP）；项目信息仅记录公开表述，不得录入涉密内容",
    )

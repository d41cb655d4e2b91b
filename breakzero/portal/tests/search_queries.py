"""Search recall bench: policy documents (real titles, 文号 and issuers of national and Hunan SME and
patent policies) and 30 queries written the way an enterprise would type them, each with the
documents it must find. Used by test_search.py; the figure is recorded in BENCHMARKS.md."""

# slug → (title, 文号, issuer)
DOCUMENTS = {
    "tiered": ("优质中小企业梯度培育管理暂行办法", "工信部企业〔2022〕63号", "工业和信息化部"),
    "sme-law": ("中华人民共和国中小企业促进法", "", "全国人民代表大会常务委员会"),
    "sme-guidance": ("关于促进中小企业健康发展的指导意见", "", "中共中央办公厅 国务院办公厅"),
    "sme-system": ("关于健全支持中小企业发展制度的若干意见", "工信部联企业〔2020〕108号", "工业和信息化部等十七部门"),
    "srdi-finance": ("关于支持“专精特新”中小企业高质量发展的通知", "财建〔2021〕2号", "财政部 工业和信息化部"),
    "ip-outline": ("知识产权强国建设纲要（2021—2035年）", "", "中共中央 国务院"),
    "sme-plan": ("“十四五”促进中小企业发展规划", "工信部联规〔2021〕200号", "工业和信息化部等十九部门"),
    "patent-use": ("专利转化运用专项行动方案（2023—2025年）", "国办发〔2023〕37号", "国务院办公厅"),
    "sme-size": ("中小企业划型标准规定", "工信部联企业〔2011〕300号", "工业和信息化部 国家统计局 国家发展改革委 财政部"),
    "hnte": ("高新技术企业认定管理办法", "国科发火〔2016〕32号", "科技部 财政部 国家税务总局"),
    "tech-sme": ("科技型中小企业评价办法", "国科发政〔2017〕115号", "科技部 财政部 国家税务总局"),
    "digital-guide": ("中小企业数字化转型指南", "工信厅信发〔2022〕33号", "工业和信息化部办公厅"),
    "digital-city": ("关于开展中小企业数字化转型城市试点工作的通知", "财建〔2023〕117号", "财政部 工业和信息化部"),
    "first-set": ("首台（套）重大技术装备推广应用指导目录", "", "工业和信息化部"),
    "relief": ("关于印发加力帮扶中小微企业纾困解难若干措施的通知", "工信部企业〔2022〕39号", "工业和信息化部"),
    "steady": ("助力中小微企业稳增长调结构强能力若干措施", "工信部企业〔2023〕63号", "工业和信息化部"),
    "tech-centre": ("国家企业技术中心认定管理办法", "", "国家发展改革委 科技部 财政部 海关总署 国家税务总局"),
    "hunan-plan": ("湖南省中小企业技术创新“破零倍增”行动方案", "", "湖南省工业和信息化厅"),
    "hunan-tiered": ("湖南省优质中小企业梯度培育管理实施细则", "", "湖南省工业和信息化厅"),
    "ip-protection": ("关于强化知识产权保护的意见", "", "中共中央办公厅 国务院办公厅"),
    "single-champion": ("制造业单项冠军企业认定管理办法", "", "工业和信息化部"),
    "patent-law": ("中华人民共和国专利法", "", "全国人民代表大会常务委员会"),
    "credit": ("关于进一步加大对小微企业贷款延期还本付息支持力度的通知", "", "中国人民银行等"),
    "public-service": ("国家中小企业公共服务示范平台认定管理办法", "", "工业和信息化部"),
    "innovation-base": ("小型微型企业创业创新示范基地建设管理办法", "", "工业和信息化部"),
}

# query → slugs that must be found (recall = found expected / all expected)
QUERIES = {
    "梯度培育": ["tiered", "hunan-tiered"],
    "专精特新": ["srdi-finance"],
    "中小企业促进法": ["sme-law"],
    "63号": ["tiered", "steady"],
    "工信部企业〔2022〕63号": ["tiered"],
    "工信部企业(2022)63号": ["tiered"],  # half-width brackets typed on a phone
    "健康发展": ["sme-guidance"],
    "知识产权强国": ["ip-outline"],
    "十四五 中小企业": ["sme-plan"],
    "专利转化": ["patent-use"],
    "划型标准": ["sme-size"],
    "高新技术企业认定": ["hnte"],
    "科技型中小企业": ["tech-sme"],
    "数字化转型": ["digital-guide", "digital-city"],
    "首台套": ["first-set"],
    "纾困": ["relief"],
    "稳增长": ["steady"],
    "企业技术中心": ["tech-centre"],
    "破零倍增": ["hunan-plan"],
    "湖南 实施细则": ["hunan-tiered"],
    "知识产权保护": ["ip-protection"],
    "单项冠军": ["single-champion"],
    "专利法": ["patent-law"],
    "贷款延期": ["credit"],
    "公共服务示范平台": ["public-service"],
    "创业创新示范基地": ["innovation-base"],
    "财建〔2021〕2号": ["srdi-finance"],
    "国办发〔2023〕37号": ["patent-use"],
    "小巨人": ["tiered"],  # in the full text of 63号, not in its title
    "专精特新 财政": ["srdi-finance"],  # "财政部" is the issuer
}
BODIES = {"tiered": "<p>创新型中小企业、专精特新中小企业和专精特新“小巨人”企业是优质中小企业的三个层次。</p>"}

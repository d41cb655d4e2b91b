"""Search recall bench: policy documents with the titles, 文号 and issuers as cited in
/work/shared/reference/ (policy-rules.md, programme-rules-2.md, action-plan-2020-151.txt), the two
policies `portal_setup` seeds (demo content), a service body, an event and a listed enterprise; and
30 queries written the way an enterprise types them, each with what it must find. Used by
test_search.py; the figures are recorded in BENCHMARKS.md (portal section).

The queries are deliberately mixed: exact keywords from a title; 2-character words (where trigrams
alone fail); 文号 with half-width brackets; several terms; and titles remembered loosely (a word
left out or in another order), which only the trigram similarity on PostgreSQL finds."""

# slug → (title, 文号, issuer)
DOCUMENTS = {
    "action-plan": ("湖南省中小企业技术创新“破零倍增”三年行动计划（2020-2022）", "湘工信中小发展〔2020〕151号",
                    "湖南省工业和信息化厅"),
    "break-zero-plan": ("湖南省中小企业技术创新“破零倍增”行动方案", "", "湖南省工业和信息化厅"),  # seeded
    "srdi-measures": ("优质中小企业梯度培育管理暂行办法", "工信部企业〔2022〕63号", "工业和信息化部"),  # seeded
    "sme-size": ("关于印发中小企业划型标准规定的通知", "工信部联企业〔2011〕300号",
                 "工业和信息化部 国家统计局 国家发展改革委 财政部"),
    "stat-size": ("统计上大中小微型企业划分办法（2017）", "国统字〔2017〕213号", "国家统计局"),
    "hnte": ("高新技术企业认定管理办法", "国科发火〔2016〕32号", "科技部 财政部 国家税务总局"),
    "sme-law": ("中华人民共和国中小企业促进法", "", "全国人民代表大会常务委员会"),
    "sme-fund": ("湖南省中小企业发展专项资金管理办法", "湘财企〔2023〕6号", "湖南省财政厅 湖南省工业和信息化厅"),
    "mil-fund": ("湖南省军民融合产业发展专项资金管理办法", "湘财企〔2015〕18号", "湖南省财政厅"),
    "mil-measures": ("关于加快推进军民融合产业发展的若干政策措施", "", "湖南省人民政府办公厅"),
    "highland": ("湖南省打造国家重要先进制造业高地若干财政支持政策", "", "湖南省财政厅 湖南省工业和信息化厅"),
    "tech-finance": ("湖南省财政支持企业科技创新若干政策措施", "", "湖南省财政厅"),
    "new-material": ("湖南省首批次重点新材料产品认定管理办法", "湘工信原材料〔2025〕255号", "湖南省工业和信息化厅"),
    "new-material-reward": ("湖南省重点新材料产品首批次应用示范奖励细则", "", "湖南省工业和信息化厅"),
    "champion": ("湖南省制造业单项冠军企业认定管理办法", "湘工信产业〔2024〕119号", "湖南省工业和信息化厅"),
    "core-bodies": ("湖南省中小微企业核心服务机构认定管理办法", "湘工信中小服务〔2024〕299号", "湖南省工业和信息化厅"),
    "window-platform": ("湖南省中小企业公共服务平台网络窗口平台运营绩效评价暂行办法", "湘经信中小服务〔2017〕494号",
                        "湖南省经济和信息化委员会"),
    "giant-plan": ("湖南省专精特新“小巨人”企业培育计划（2021-2025）", "", "湖南省工业和信息化厅 湖南省财政厅"),
    "digital-plan": ("湖南省“智赋万企”行动方案（2023-2025年）", "", "湖南省人民政府办公厅"),
    "digital-deepen": ("深化“智赋万企”行动 加快制造业数字化转型实施方案", "湘工信人工智能〔2025〕325号",
                       "湖南省工业和信息化厅"),
    "digital-sme": ("中小企业数字化赋能专项行动方案（2025—2027年）", "", "工业和信息化部"),
    "tech-centre": ("湖南省企业技术中心认定管理办法", "", "湖南省发展和改革委员会"),
    "new-product": ("关于做好2023年度省级工业新产品确认申请推荐工作的通知", "", "湖南省工业和信息化厅"),
    "new-product-rd": ("关于加强全省工业新产品研发应用有关工作的通知", "", "湖南省工业和信息化厅"),
    "benchmark-call": ("关于征集全省中小企业技术创新“破零倍增”标杆企业的通知", "", "湖南省工业和信息化厅"),
    "first-set": ("首台（套）重大技术装备推广应用指导目录", "", "工业和信息化部"),
    "patent-nav": ("专利导航指南", "GB/T 39551-2020", "国家市场监督管理总局 国家标准化管理委员会"),
}
# Full text where a query reaches past the title (from the reference files' summaries).
BODIES = {
    "srdi-measures": "<p>创新型中小企业、专精特新中小企业和专精特新“小巨人”企业是优质中小企业的三个层次。</p>",
    "action-plan": "<p>实施专利破零、专利倍增行动，培育一批知识产权优势企业。</p>",
}
# Not pages: made by the test through the other apps, found through their table rows.
OTHERS = {
    "body": "长沙知识产权运营服务中心",       # a recognised service body (服务机构)
    "event": "高价值专利培育实务培训会",         # a public event of that body
    "listed": "湖南星城精密机械有限公司",        # a 专精特新 enterprise on the published list
}

# query → what it must find (slugs of DOCUMENTS or keys of OTHERS)
QUERIES = {
    "破零倍增": ["action-plan", "break-zero-plan", "benchmark-call"],
    "梯度培育": ["srdi-measures"],
    "划型": ["sme-size"],                                        # 2 characters
    "军民": ["mil-fund", "mil-measures"],                        # 2 characters
    "首批次": ["new-material", "new-material-reward"],
    "单项冠军": ["champion"],
    "核心服务机构": ["core-bodies"],
    "窗口平台": ["window-platform"],
    "智赋万企": ["digital-plan", "digital-deepen"],
    "数字化": ["digital-deepen", "digital-sme"],
    "湘工信中小发展(2020)151号": ["action-plan"],                # half-width brackets
    "63号": ["srdi-measures"],
    "国科发火〔2016〕32号": ["hnte"],
    "湘财企": ["sme-fund", "mil-fund"],
    "首台套": ["first-set"],                                     # 首台（套）
    "专项资金 军民融合": ["mil-fund"],                           # two terms
    "湖南 新材料": ["new-material", "new-material-reward"],
    "工业新产品": ["new-product", "new-product-rd"],
    "小巨人": ["srdi-measures", "giant-plan"],                   # one only in the full text
    "专利倍增": ["action-plan"],                                 # only in the full text
    "企业技术中心管理办法": ["tech-centre"],                     # 认定 left out
    "小巨人企业培育计划": ["giant-plan"],                        # 专精特新 left out, 企业 moved
    "破零倍增行动计划": ["action-plan"],                         # 三年 left out
    "中小企业划型标准": ["sme-size"],                            # 规定 left out
    "单项冠军认定办法": ["champion"],                            # 企业, 管理 left out
    "大中小微企业划分办法": ["stat-size"],                       # 统计上, 型 left out
    "中小企业专项资金管理办法": ["sme-fund"],                    # 发展 left out
    "知识产权运营": ["body"],
    "高价值专利": ["event"],
    "星城精密": ["listed"],
}

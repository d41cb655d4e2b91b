"""The user manual (操作手册): one manual per role, each a list of sections.

The same text renders the web page and the PDF. A section names the pages (URL names, or
`namespace:*`) whose 帮助 link opens it, and the page the browser test photographs for it as
the role's demo user (`shot`), so the screenshots follow the pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from breakzero.accounts.models import Role

Text = str | Promise


@dataclass(frozen=True)
class Section:
    key: str
    title: Text
    text: tuple[Text, ...] = ()
    steps: tuple[Text, ...] = ()
    pages: tuple[str, ...] = ()  # URL names ("indicators:target-list") or whole areas ("indicators:*")
    shot: str = ""  # path photographed by the browser test as the manual's demo user


@dataclass(frozen=True)
class Manual:
    key: str
    title: Text
    roles: tuple[str, ...]
    demo_user: str  # the demo account the screenshots are taken as (breakzero.demo.users)
    sections: tuple[Section, ...]

    def shot_name(self, section: Section) -> str:
        return f"{self.key}-{section.key}.png"


START = Section(
    "start", _("登录、首页与待办"),
    text=(_("登录后首页列出您现在需要处理的事项（数量、期限），点“去处理”直达办理页面；下方是本角色关注的指标。"
            "页面右上角“待办”显示未处理事项总数。"),
          _("未选择年度的页面，默认显示规划期（2020–2022）内最新有数据的年度，页面注明当前显示的年度。")),
    pages=("core:home", "core:*"), shot="/")
NOTICES = Section(
    "notices", _("站内信与通知设置"),
    text=(_("“站内信”列出系统发给您的通知，可只看未读、全部标为已读。在“通知设置”中可选择哪些类型同时发送邮件（站内信总是发送）。"),),
    pages=("notifications:*",), shot="/notices/")
ACCOUNT = Section(
    "account", _("个人信息与密码"),
    text=(_("在“个人信息”中修改姓名、邮箱和密码。首次登录须修改初始密码；连续输错密码会暂时锁定账户，请联系安全管理员解锁。"),),
    pages=("accounts:*",), shot="/accounts/profile/")
IMPORTS = Section(
    "imports", _("批量导入"),
    steps=(_("在有导入功能的列表页（企业名录、年度数据、职称、参与企业、创新工程师、活动签到、专利）点击“导出”旁的“导入”。"),
           _("先下载模板，按模板填写后上传；系统逐行检查，出错的行在“错误行”文件中注明原因（文件名为“原文件名-错误行.xlsx”）。"),
           _("确认无误后导入；“我的导入”列出本人的全部导入记录。")),
    pages=("core:import-upload", "core:import-detail", "core:import-history", "core:import-confirm"),
    shot="/imports/mine/")

OFFICIAL = Manual("official", _("各级管理员操作手册"),
                  (Role.PROVINCE_OFFICIAL, Role.CITY_OFFICIAL, Role.COUNTY_OFFICIAL), "demo-province", (
    START,
    Section("enterprises", _("企业名录与年度数据"),
            text=(_("按名称、信用代码、地区、规模筛选企业；“导出 Excel”下载当前筛选结果。联系人电话默认打码，查看完整号码会记入审计日志。"),),
            pages=("enterprises:*",), shot="/enterprises/"),
    IMPORTS,
    Section("patents", _("专利与破零"),
            text=(_("破零名单按年度列出首件发明专利获得授权的中小企业；“候选企业”列出已申请未授权的企业；“匹配确认”中逐条确认专利申请人与企业的对应关系。"),),
            pages=("patents:*",), shot="/patents/"),
    Section("progress", _("调度进度"),
            text=(_("指标表显示本地区破零与倍增各项指标的完成值、目标和完成率，数字可点击查看明细，地区名可下钻到下级地区。"),),
            pages=("indicators:*",), shot="/progress/"),
    Section("targets", _("目标分解"),
            steps=(_("打开“调度进度 › 目标分解”，选择年度。"),
                   _("在一张表中填写各下级地区的目标，填完后点一次“保存”。"),
                   _("系统整体校验：任何上级的目标都不得小于其下级目标之和；有错时整张表都不保存，出错的格子标红，已填内容保留。"),
                   _("每次修改都记入目标修改记录（修改人、原值、新值、时间）。")),
            pages=("indicators:target-list",), shot="/progress/targets/"),
    Section("cultivation", _("梯度培育与申报评审"),
            text=(_("申报依次经区县、市州、省级审核，再经专家评审、公示后发布；每一步都会通知下一级和企业。退回的申报回到企业待办。"),
                  _("省级在“申报评审”中创建批次、抽取专家、组织公示、发布名单；公示期内的异议在批次页面处理。")),
            pages=("cultivation:*", "calls:*", "demonstration:*"), shot="/calls/"),
    Section("policies", _("政策体检"),
            text=(_("逐项显示研发费用加计扣除、高新技术企业、专利费减缴等政策的条件、差距和依据；“批量筛查”列出本地区符合条件的企业。"),),
            pages=("policies:*",), shot="/policies/"),
    Section("service", _("服务体系"),
            text=(_("服务机构名录、每月活动达标日历（每月 1–2 场）、创新工程师、服务记录与企业评价。"),
                  _("省级（或所辖机构的市州）在机构页面“机构账户”中为机构开通或关联账户，并指定机构管理员。")),
            pages=("service_bodies:*",), shot="/service/"),
    Section("evaluation", _("服务机构绩效评价方案"),
            steps=(_("省级在“服务体系 › 绩效评价”中新建年度方案（带默认指标）。"),
                   _("点“修改方案”，在一张表中编辑指标、权重、数据来源和满分值；各指标权重合计须为 100。保存后新版本立即生效，旧版本保留在修改记录中。"),
                   _("点“计算得分与排名”按现行方案计算；方案修改后页面会提示重新计算。")),
            pages=("service_bodies:scheme-list", "service_bodies:evaluation-detail", "service_bodies:evaluation-edit",
                   "service_bodies:subsidy-simulate", "service_bodies:subsidy-detail"),
            shot="/service/evaluations/"),
    Section("reporting", _("数据报送"),
            text=(_("设置报送窗口，查看各地区报送完整率，审核企业提交的数据；截止后可锁定本地区数据。"),),
            pages=("reporting:*",), shot="/reporting/"),
    Section("reports", _("调度通报与督办"),
            text=(_("实施方案上传与审核、月度/季度/年度通报生成与下载、督办事项的下达、答复与办结；到期前 3 天和逾期时系统提醒。"),),
            pages=("reports:*",), shot="/reports/"),
    Section("funds", _("专项资金"),
            text=(_("预算、分配、项目、拨付与追回；各列表均可导出。"),),
            pages=("funds:*",), shot="/funds/"),
    Section("programmes", _("赋能专项"),
            text=(_("数字化转型、创客中国等赛事、人才、知识产权金融、民参军等专项的记录与统计。"),),
            pages=("digital:*", "contests:*", "talent:*", "ipfinance:*", "defence:*")),
    NOTICES, ACCOUNT,
))

ENTERPRISE = Manual("enterprise", _("企业用户操作手册"), (Role.ENTERPRISE,), "demo-enterprise", (
    START,
    Section("company", _("本企业信息与年度数据"),
            text=(_("在“企业”中查看和更新本企业的基本信息与各年度数据；带 * 的为必填项。"),),
            pages=("enterprises:*",), shot="/enterprises/"),
    Section("policies", _("政策体检"),
            text=(_("首页“政策体检”显示本企业已符合的政策；点击查看每项条件的差距、依据和可享受的优惠。"),),
            pages=("policies:*",), shot="/policies/"),
    Section("applications", _("培育申报"),
            steps=(_("在“申报评审”中选择开放的批次，点“申报”；表中已有数据自动带入。"),
                   _("提交后依次由区县、市州、省级审核；被退回的申报出现在首页待办中，修改后重新提交。")),
            pages=("cultivation:*", "calls:*", "demonstration:*"), shot="/calls/"),
    Section("reporting", _("数据报送"),
            text=(_("报送窗口开放时首页提醒；填写后提交，审核退回时按意见修改。"),),
            pages=("reporting:*",), shot="/reporting/"),
    NOTICES, ACCOUNT,
))

SERVICE_BODY = Manual("service_body", _("服务机构操作手册"), (Role.SERVICE_BODY,), "demo-service", (
    START,
    Section("body", _("本机构与活动达标"),
            text=(_("机构页面的日历显示每月活动是否达标（每月至少 1 场）；未登记时首页提醒。"),),
            steps=(_("点“登记活动”，填写主题、日期和类型后保存；举办后超过规定天数登记的为补录，须市州确认。"),
                   _("点“登记服务记录”，输入企业名称的一部分后从列表中选择服务企业。")),
            pages=("service_bodies:*",), shot="/service/"),
    Section("members", _("机构账户"),
            text=(_("机构管理员在机构页面“机构账户”中邀请新的工作人员（系统生成一次性密码，首次登录须修改）或移除工作人员；机构管理员本身由省级或市州指定。"),),
            pages=("service_bodies:member-list", "service_bodies:member-remove")),
    Section("events", _("活动与签到"),
            text=(_("活动页面提供签到二维码；参会企业扫码签到，签到名单可导出。"),),
            pages=("service_bodies:event-list", "service_bodies:event-detail", "service_bodies:event-create"),
            shot="/service/events/"),
    NOTICES, ACCOUNT,
))

EXPERT = Manual("expert", _("评审专家操作手册"), (Role.EXPERT,), "demo-expert", (
    START,
    Section("scoring", _("评分表"),
            steps=(_("首页或“申报评审 › 我的评审”列出分配给您的批次。"),
                   _("打开评分表：所有分配给您的申报在一张表中，逐项填写分数，可随时保存，全部填完后点一次“提交”。"),
                   _("提交后不能再修改。")),
            pages=("calls:*",), shot="/calls/expert/"),
    Section("conflicts", _("利益冲突与绩效评价"),
            text=(_("如与某机构存在利害关系，请先在“服务体系 › 利益冲突声明”中申报，您将不再参与该机构的评分。"),
                  _("服务机构绩效评价中，可在方案页面“专家调整评分”对“专家评分”类指标打分并说明理由。")),
            pages=("service_bodies:*",), shot="/service/evaluations/"),
    NOTICES, ACCOUNT,
))

ADMIN = Manual("admin", _("系统、安全与审计管理员操作手册"),
               (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN), "demo-admin", (
    START,
    Section("admin", _("系统管理"),
            text=(_("系统管理员在“系统管理”中维护用户、区域、规划期等基础数据；三员分立，系统管理员不能查看审计日志。"),),
            pages=("admin:*",), shot="/admin/"),
    Section("security", _("安全管理"),
            text=(_("安全管理员解锁被锁定的账户和登录地址，设置登录限制。"),),
            pages=("accounts:security", "accounts:security-user", "accounts:security-address")),
    Section("audit", _("审计日志"),
            text=(_("审计管理员按时间、用户、操作筛选操作与访问记录，并可导出。"),),
            pages=("audit:*",)),
    NOTICES, ACCOUNT,
))

FINANCE = Manual("finance", _("财政资金人员操作手册"), (Role.FINANCE,), "", (
    START,
    Section("funds", _("专项资金"),
            text=(_("查看本级预算与分配，登记拨付；拨付只能追加冲正记录，不能修改。"),),
            pages=("funds:*",)),
    NOTICES, ACCOUNT,
))

MANUALS: tuple[Manual, ...] = (OFFICIAL, ENTERPRISE, SERVICE_BODY, EXPERT, ADMIN, FINANCE)

# ruff: noqa: E501  (article prose: one paragraph a line, as Markdown writes it)
"""Demo science articles (``npgov demo`` only): five published, one draft, linked to reference substances.

The texts are plain-language summaries of public facts: the State Council's action plan (国办发〔2022〕15号),
the measures of 《重点管控新污染物清单（2023年版）》 as loaded in regulations/data/CN-KCNP-2023.yaml, the
Stockholm Convention listings and IARC's classifications. Idempotent: an article whose title exists is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from npgov.portal.articles.models import Article
from npgov.portal.articles.services import article_publish, article_save
from npgov.substances.selectors import substance_ids_by_cas, substance_list


@dataclass(frozen=True)
class DemoArticle:
    title: str
    category: str
    summary: str
    body: str
    cas: tuple[str, ...] = ()
    days_ago: int | None = None  # None: stays a draft


WHAT = DemoArticle(
    title="什么是新污染物？",
    category=Article.Category.BASICS,
    summary="新污染物不是“新出现的污染物”，而是新近被认识到有风险、现有管理还不够的有毒有害化学物质。",
    days_ago=40,
    body="""\
## 一句话说清楚

新污染物是指具有**生物毒性、环境持久性、生物累积性**等特征的有毒有害化学物质。它们对生态环境或人体健康可能存在较大风险，但过去尚未纳入环境管理，或者现有的管理措施还不足以有效防控其风险。

“新”指的是人们对它的认识和管理是新的，并不是说这些物质刚刚出现。有些物质已经生产使用了几十年。

## 主要有哪几类

国务院办公厅2022年印发的《新污染物治理行动方案》（国办发〔2022〕15号）指出，国内外广泛关注的新污染物主要包括：

- 国际公约管控的**持久性有机污染物**，例如全氟辛基磺酸（PFOS）、全氟辛酸（PFOA）；
- **内分泌干扰物**，例如壬基酚；
- **抗生素**；

此外，微塑料也受到广泛关注。

## 为什么要专门治理

新污染物有几个共同特点：

1. **难降解**：在环境中可以存留很长时间；
2. **会累积**：可以沿着食物链在生物体内逐步富集；
3. **来源广**：来自许多行业的生产和日常消费品的使用；
4. **低浓度也值得关注**：环境中的浓度往往很低，但长期、多种物质同时接触的影响还在研究之中。

因此，治理的思路是“**筛、评、控**”和“**禁、减、治**”：先筛查、评估哪些物质风险较大，再对重点物质采取禁止、限制、减排和治理措施。

## 国家怎么管

生态环境部等六部门发布了《重点管控新污染物清单（2023年版）》，自2023年3月1日起施行，列出了全氟辛基磺酸类、全氟辛酸类、二氯甲烷、壬基酚、抗生素等14类重点管控的新污染物，并逐一规定了禁止生产、限制使用、进出口管理、达标排放等管控措施。

本平台的“名录与管控”栏目列出了这些物质和管控要求；“监测数据”栏目公开本市的监测统计结果。
""",
)

PFAS = DemoArticle(
    title="全氟化合物（PFOS、PFOA）是什么？在哪里？",
    category=Article.Category.HEALTH,
    summary="PFOS 和 PFOA 极难分解，曾广泛用于灭火泡沫、防水防油涂层和含氟聚合物生产，我国已将其列为重点管控新污染物。",
    days_ago=30,
    cas=("1763-23-1", "307-35-7", "335-67-1", "355-46-4"),
    body="""\
## 它们是什么

全氟辛基磺酸（**PFOS**）和全氟辛酸（**PFOA**）属于全氟和多氟烷基化合物（常简称 PFAS）。它们的碳—氟键非常牢固，在自然环境中几乎不分解，因此有人称之为“永久化学品”。

## 过去用在哪里

由于能防水、防油、耐高温，这类物质曾被大量使用：

- **PFOS**：灭火泡沫（特别是扑救油类火灾的水成膜泡沫）、电镀中的铬雾抑制剂、半导体制造等；
- **PFOA**：生产聚四氟乙烯等含氟聚合物的加工助剂，以及纺织品、皮革、食品包装等的防污防水防油涂层。

## 在环境中的情况

由于难以降解、可随水和空气迁移，PFOS、PFOA 在世界各地的地表水、地下水、土壤、野生动物体内都能检出。生产和使用它们的工厂、消防训练场地周边，浓度通常更高。对一般居民来说，饮食和饮用水是主要的接触途径。

## 对健康的影响

国际癌症研究机构（IARC）在2023年的评估中，将 PFOA 列为“对人类致癌”（1类），将 PFOS 列为“可能对人类致癌”（2B类）。需要说明的是，这一分级反映的是证据的充分程度，而不是一般接触水平下的风险大小；风险取决于接触的剂量和时间。

## 我国怎么管

PFOS 类、PFOA 类都已列入《关于持久性有机污染物的斯德哥尔摩公约》的管控名单，也列入了《重点管控新污染物清单（2023年版）》：

- **PFOS 类**：禁止生产；除灭火泡沫药剂（豁免期至2023年12月31日）外，禁止加工使用；自2024年1月1日起禁止进出口；
- **PFOA 类**：禁止新建全氟辛酸生产装置；除清单列出的少数豁免用途外，禁止生产、加工使用；
- 与 PFOS 性质相近的**全氟己基磺酸（PFHxS）类**也已列入清单。

仍在豁免用途中使用的企业，要依法实施强制性清洁生产审核；废弃的相关物质属于危险废物的，要按危险废物管理。
""",
)

ANTIBIOTICS = DemoArticle(
    title="抗生素与环境：为什么说“不乱用”也是环保",
    category=Article.Category.HEALTH,
    summary="人用和兽用抗生素会通过排泄物、养殖和制药废水进入环境，最受关注的是它可能助长细菌耐药。",
    days_ago=20,
    cas=("723-46-6", "79-57-2", "85721-33-1", "114-07-8"),
    body="""\
## 抗生素怎么进入环境

抗生素是治疗细菌感染的重要药物，在医疗和畜禽、水产养殖中都有使用。药物在体内不能完全代谢，相当一部分会随粪便、尿液排出。进入环境的主要途径有：

- 生活污水和医院污水；
- 畜禽养殖粪污和水产养殖用水；
- 抗生素生产企业的废水和**菌渣**。

常见的检测对象包括磺胺类（如磺胺甲噁唑）、四环素类（如土霉素）、喹诺酮类（如环丙沙星）和大环内酯类（如红霉素）等。

## 为什么要关注

环境中的抗生素浓度通常很低，直接毒性并不是最主要的问题。更受关注的是：长期低浓度存在，可能促使环境中的细菌产生和传播**耐药性**，使今后的感染更难治疗。此外，一些抗生素对藻类等水生生物也有毒性。

## 国家的管控要求

《重点管控新污染物清单（2023年版）》将抗生素列为重点管控新污染物，要求：

1. 严格落实零售药店**凭处方销售**处方药类抗菌药物，推行凭兽医处方销售使用兽用抗菌药物；
2. 抗生素生产产生的菌渣，判定属于危险废物的，按危险废物管理；
3. 制药企业严格执行《发酵类制药工业水污染物排放标准》（GB 21903）、《化学合成类制药工业水污染物排放标准》（GB 21904）。

## 我们能做什么

- 抗生素要**遵医嘱**使用，不自行购买、不随意停药、不把抗生素当“消炎药”常备；
- 普通感冒多由病毒引起，抗生素对病毒无效；
- 过期或剩余的药品不要倒进下水道或马桶，按当地要求投放到有害垃圾收集点或药品回收点。
""",
)

NONYLPHENOL = DemoArticle(
    title="壬基酚：藏在洗涤剂和助剂里的“环境激素”",
    category=Article.Category.POLICY,
    summary="壬基酚主要来自工业洗涤剂、纺织印染和农药助剂中的壬基酚聚氧乙烯醚，能干扰生物的内分泌，已被列入重点管控。",
    days_ago=12,
    cas=("25154-52-3", "84852-15-3"),
    body="""\
## 它从哪里来

壬基酚本身是一种工业化学品，主要用来生产**壬基酚聚氧乙烯醚**——一类表面活性剂，过去常用于工业清洗剂、纺织印染助剂、农药助剂、乳液聚合等。壬基酚聚氧乙烯醚随废水进入污水处理厂和河流后，会逐步降解，生成比原来更难分解、毒性更强的壬基酚。

## 为什么被称为“环境激素”

壬基酚能模仿雌激素的作用，属于**内分泌干扰物**。研究表明，它对鱼类等水生生物毒性较大，可能影响其生长和繁殖；它还容易在沉积物和生物体内累积。

## 我国的管控措施

壬基酚已列入《重点管控新污染物清单（2023年版）》，要求：

1. 禁止使用壬基酚作为助剂生产农药产品；
2. 禁止使用壬基酚生产壬基酚聚氧乙烯醚；
3. 依据化妆品安全技术规范，禁止将壬基酚用作化妆品组分。

也就是说，管控从源头切断了壬基酚聚氧乙烯醚的生产原料。纺织印染、清洗等行业正在改用更易降解的替代表面活性剂。

## 生活中的提示

家用洗涤用品请选择正规厂家、标签信息完整的产品，按说明用量使用，不要过量；工业清洗剂不要拿来家用。
""",
)

DCM = DemoArticle(
    title="二氯甲烷：常见溶剂的风险与管控",
    category=Article.Category.POLICY,
    summary="二氯甲烷是用途很广的工业溶剂，挥发性强。我国已禁止生产含二氯甲烷的脱漆剂，并限制其在清洗剂中的含量。",
    days_ago=6,
    cas=("75-09-2",),
    body="""\
## 它是什么

二氯甲烷是一种无色、易挥发、有类似乙醚气味的液体，溶解能力强，被广泛用作工业溶剂：制药、聚碳酸酯等化工生产、胶粘剂、金属和电子零件清洗、脱漆剂等。

## 有什么风险

- **吸入是主要接触途径**。高浓度吸入会抑制中枢神经，引起头晕、乏力，严重时可导致意识丧失；在密闭空间使用含二氯甲烷的脱漆剂曾发生过致死事故。
- 它在体内会代谢产生一氧化碳。
- 国际癌症研究机构（IARC）将其列为“很可能对人类致癌”（2A类）。
- 它会挥发进入大气，也可能通过泄漏污染土壤和地下水。

## 我国怎么管

二氯甲烷已列入《重点管控新污染物清单（2023年版）》，主要要求包括：

1. **禁止生产含有二氯甲烷的脱漆剂**；
2. 禁止将二氯甲烷用作化妆品组分；
3. 依据《清洗剂挥发性有机化合物含量限值》（GB 38508），水基、半水基、有机溶剂清洗剂中二氯甲烷、三氯甲烷、三氯乙烯、四氯乙烯的含量总和分别不得超过 0.5%、2%、20%；
4. 相关企业执行行业污染物排放标准，实施达标排放，并对排放口和周边环境定期监测；
5. 涉及二氯甲烷生产或使用的土壤污染重点监管单位，要建立土壤污染隐患排查制度。

## 生活中的提示

装修、翻新家具时选择不含二氯甲烷的产品；使用各类溶剂型产品时保持通风，并远离儿童。发现企业偷排、泄漏，可以通过本平台“我要举报”反映。
""",
)

DAILY = DemoArticle(
    title="生活中如何减少接触新污染物",
    category=Article.Category.QA,
    summary="几个简单的习惯：合理用药、正确处理过期药品、选择正规产品、保持通风、关注本地公开信息。",
    body="""\
## 常见问题

**问：新污染物离我们的生活很远吗？**

答：不远。很多新污染物来自日常消费品的生产和使用，例如防水防油涂层、清洗剂、药品等。但一般情况下，居民接触到的量很低。我们可以通过一些简单的习惯进一步减少接触。

**问：可以做些什么？**

- 合理使用抗生素，遵医嘱，不自行购买；
- 过期药品投放到有害垃圾收集点或药品回收点，不倒入下水道；
- 选择正规厂家、标签完整的洗涤剂和装修材料，按说明使用；
- 使用溶剂型产品时保持通风；
- 关注本平台公开的监测数据和企业信息公开。

*（本文为草稿，待补充本市的具体回收点信息后发布。）*
""",
)

ARTICLES = (WHAT, PFAS, ANTIBIOTICS, NONYLPHENOL, DCM, DAILY)


def _author() -> object | None:
    users = get_user_model().objects
    return users.filter(username="bureau").first() or users.filter(is_superuser=True).order_by("pk").first()


def load() -> str:
    author = _author()
    if author is None:
        return "no bureau user"
    existing = set(Article.objects.filter(title__in=[a.title for a in ARTICLES]).values_list("title", flat=True))
    ids = substance_ids_by_cas(cas=[cas for a in ARTICLES for cas in a.cas])
    created = 0
    for spec in ARTICLES:
        if spec.title in existing:
            continue
        article = Article(title=spec.title, category=spec.category, summary=spec.summary, body=spec.body)
        substances = substance_list(ids=[ids[cas] for cas in spec.cas if cas in ids])
        article = article_save(article=article, substances=substances, user=author, reason="演示数据")  # type: ignore[arg-type]
        if spec.days_ago is not None:
            article_publish(article=article, user=author)  # type: ignore[arg-type]
            article.published_at = timezone.now() - timedelta(days=spec.days_ago)
            article._change_reason = "演示数据"
            article.save(update_fields=["published_at", "updated_at"])
        created += 1
    return f"{created} created, {len(existing)} existing"

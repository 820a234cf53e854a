"""The words of the insights demo: an industrial supplier's products, and the companies advocates recommended us to."""
from types import SimpleNamespace

# (Chinese name, English name, unit price in yuan): what a trading company of industrial supplies sells;
# the price sets how many units an order of a given amount is.
PRODUCTS = (
    ("不锈钢管材", "Stainless steel pipe", 86),
    ("工业润滑油", "Industrial lubricant", 420),
    ("液压阀门", "Hydraulic valve", 1350),
    ("深沟球轴承", "Deep groove ball bearing", 38),
    ("电线电缆", "Power cable", 12),
    ("变频器", "Frequency inverter", 3200),
    ("包装纸箱", "Corrugated carton", 4),
    ("劳保手套", "Work gloves", 6),
    ("焊接材料", "Welding consumables", 55),
    ("气动元件", "Pneumatic fittings", 160),
    ("PLC 控制器", "PLC controller", 5800),
    ("工业传感器", "Industrial sensor", 640),
    ("高强度螺栓", "High-strength bolts", 2),
    ("叉车配件", "Forklift spare parts", 780),
    ("空压机滤芯", "Compressor filter", 230),
    ("密封件", "Seals and gaskets", 18),
)

# Companies an advocate recommended us to that are not (yet) our customers.
REFERRED_ZH = ("苏州恒信机械有限公司", "宁波东海精密制造有限公司", "无锡华诚物流有限公司", "佛山顺达五金制品厂",
               "天津滨海新材料有限公司", "合肥瑞丰食品有限公司", "青岛海川包装有限公司", "成都锦程汽配有限公司",
               "武汉长江电气设备有限公司", "东莞联创电子有限公司")
REFERRED_EN = ("Harbour Precision Ltd", "Northfield Logistics", "Greenway Foods", "Summit Tooling Co.",
               "Riverside Packaging", "Bluewater Marine Supply", "Oakridge Auto Parts", "Crestline Electrical",
               "Meridian Plastics", "Foundry Lane Metals")

ZH = SimpleNamespace(
    products=[(zh, price) for zh, _en, price in PRODUCTS],
    referred=REFERRED_ZH,
    referral_notes=("在行业展会上向对方采购经理推荐了我们。", "介绍了他们的供应商给我们，已安排首次拜访。",
                    "对方是他们的合作伙伴，经其推荐来询价。", "在客户答谢会上主动为我们做了案例分享。"),
    referred_customer_note="推荐了这位客户，对方已下首单。",
)
EN = SimpleNamespace(
    products=[(en, price) for _zh, en, price in PRODUCTS],
    referred=REFERRED_EN,
    referral_notes=("Recommended us to their purchasing manager at the trade fair.",
                    "Introduced us to their own supplier; a first visit is planned.",
                    "A partner of theirs asked us for a quote on their recommendation.",
                    "Presented our work together as a case study at our customer day."),
    referred_customer_note="Recommended this customer, who has since placed a first order.",
)

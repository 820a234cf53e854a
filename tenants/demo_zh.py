"""The Chinese demo's words (`crm demo --locale zh_CN`): company, people, org chart and the customer book's texts.

The tables have the shape of the English ones in tenants/demo.py; the people
and companies themselves come from Faker's zh_CN provider.
"""
COMPANY = "演示贸易有限公司"
# By the position of the user in demo.USERS.
USER_NAMES = ["赵敏", "王建国", "陈华", "赵明", "李娜", "孙伟", "刘洋", "周杰"]
UNIT_NAMES = {"east": "华东分公司", "north": "华北分公司", "east_team": "华东销售组", "north_team": "华北销售组"}
LOCALES = {"zh_CN": 100}
TITLES = ["总经理", "采购经理", "财务总监", "总工程师", "销售总监", "老板", "信息部经理", "办公室主任", "物流主管"]
HABITS = ["每季度下单，要求10号前到货。", "银行转账，30天内付款。", "喜欢用微信沟通，不爱接电话。",
          "对价格敏感，会和竞争对手的报价比较。", "春节前集中大批采购。", "每次报价都要附技术资料。",
          "付款较慢，发货前先核对余额。", "更喜欢上门拜访而不是电话。"]
ACTIVITIES = {  # kind: (weight, subjects)
    "call": (40, ["报价跟进电话", "续约事宜电话沟通", "确认交货时间", "投诉后回访电话", "介绍新产品线"]),
    "visit": (20, ["拜访采购部", "陪同工程师参观工厂", "安装后回访", "节前礼节性拜访"]),
    "email": (25, ["发送产品目录", "发送修改后的报价", "发送节日问候", "发送合同草稿"]),
    "meeting": (15, ["价格谈判", "季度业务回顾", "技术交流会", "合同签约"]),
}
OUTCOMES = ["有兴趣，要求重新报价。", "决定推迟到下季度。", "同意先试单。", "对我们的服务满意。",
            "抱怨交货太慢。", "竞争对手报价更低。", "签订了框架协议。", "无人接听，已留言。"]
NEXT_STEPS = ["周五前发送修改后的报价。", "约他们总经理见面。", "下周再打电话。", "安排产品演示。",
              "准备合同草稿。", "与财务核对付款情况。", "寄送节日贺卡。", None]
FAMILY_MEMBER = "家属"
KEY_ACCOUNT = "重点客户"

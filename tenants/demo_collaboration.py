"""The demo's announcements and work logs: three notices (two to the company, one to the East branch, some read)
and two weeks of the reps' daily logs and weekly plans with their managers' comments, in the demo's language.

Written with Core-style ORM inserts like the rest of the demo: seed data is not audited.
"""
import random
from datetime import datetime, time, timedelta, timezone

from flask_babel import gettext
from sqlalchemy import insert, select

from crm_platform.extensions import db
from crm_platform.models import Announcement, AnnouncementRead, OrgUnit, User, WorkLog, WorkLogComment
from crm_platform.workspace.clock import workspace_today

# (title, body, to the East branch?, pinned, days ago, expires in days or None, share of readers); (Chinese, English)
ANNOUNCEMENTS = [
    (("春节放假安排", "Spring Festival holiday"),
     ("公司春节放假七天，节前最后一个工作日请完成所有客户回访，并把未结事项写进工作日志。",
      "The office closes for seven days over the Spring Festival. Finish your customers' return visits before the "
      "last working day and note anything open in your work log."), False, True, 9, None, 0.7),
    (("一季度销售启动会", "First-quarter sales kickoff"),
     ("下周一上午九点在总部会议室召开一季度销售启动会，各分公司经理请准备上季度业绩回顾。",
      "The first-quarter kickoff is next Monday at 9:00 in the head office. Branch managers, please bring last "
      "quarter's review."), False, False, 3, 20, 0.3),
    (("华东分公司周例会改到周二", "East branch: weekly meeting moves to Tuesday"),
     ("从本周起，华东分公司周例会改为每周二下午两点，请提前提交周计划。",
      "From this week the East branch meets on Tuesdays at 14:00. Please hand in your weekly plan beforehand."),
     True, False, 1, None, 0.0),
]
DAILY = (
    ["电话回访了三家老客户，其中一家有续约意向。", "拜访客户采购部，递交了修改后的报价。", "整理本周跟进客户名单，更新了客户资料。",
     "陪同工程师上门安装调试，客户对服务满意。", "参加产品培训，学习新产品线的卖点。", "处理一起交货延迟的投诉，已安排回访。",
     "给五家潜在客户发送了产品目录和报价。", "和财务核对两份合同的回款情况。"],
    ["Called three existing customers; one wants to renew.", "Visited a customer's purchasing team with the revised "
     "quote.", "Went through this week's follow-up list and updated the customer files.", "Went on site with the "
     "engineer for an installation; the customer is satisfied.", "Product training on the new line.", "Handled a "
     "complaint about a late delivery; a return visit is booked.", "Sent catalogues and quotes to five prospects.",
     "Checked the payments on two contracts with finance."],
)
WEEKLY = (
    ["本周目标：完成两份合同签约，拜访四家重点客户，跟进所有逾期回款。", "本周计划：开发五家新客户，准备季度业务回顾材料。"],
    ["This week: sign two contracts, visit four key accounts, chase every overdue payment.",
     "This week: open five new prospects and prepare the quarterly business review."],
)
COMMENTS = (["客户续约的事请本周内落实。", "做得好，回访记录请补充到客户资料里。"],
            ["Please close the renewal this week.", "Well done; add the return visit to the customer's file."])


def seed_collaboration(users, chinese, seed):
    """Add the demo's announcements and work logs to the workspace in scope; returns a line saying how many.

    `users` is {"admin" or email: (user id, unit key)} as tenants.demo builds it.
    """
    rng, language = random.Random(seed), 0 if chinese else 1
    now = datetime.now(timezone.utc).replace(microsecond=0)
    people = db.session.execute(select(User.id, User.role, User.org_unit_id)).all()
    admin_id = users["admin"][0]
    managers = {unit: user_id for user_id, role, unit in people if role == "manager"}
    east_manager = next(user_id for user_id, unit_key in users.values() if unit_key == "east")
    east = db.session.get(User, east_manager).org_unit_id
    announcements = [{
        "title": title[language], "body": body[language], "author_id": managers[east] if to_east else admin_id,
        "unit_id": east if to_east else None, "pinned": pinned, "published_at": now - timedelta(days=ago),
        "expires_on": workspace_today() + timedelta(days=expires) if expires else None,
        "created_at": now - timedelta(days=ago), "updated_at": now - timedelta(days=ago),
    } for title, body, to_east, pinned, ago, expires, _share in ANNOUNCEMENTS]
    ids = db.session.scalars(insert(Announcement).returning(Announcement.id, sort_by_parameter_order=True),
                             announcements).all()
    reads = [{"announcement_id": announcement_id, "user_id": user_id,
              "read_at": row["published_at"] + timedelta(hours=2)}
             for announcement_id, row, spec in zip(ids, announcements, ANNOUNCEMENTS)
             for user_id, _role, _unit in people if rng.random() < spec[-1]]
    if reads:
        db.session.execute(insert(AnnouncementRead), reads)
    logs, comments = _work_logs(rng, language, people, managers, now)
    db.session.commit()
    return gettext("%(announcements)d announcements, %(logs)d work logs and plans, %(comments)d comments",
                   announcements=len(ids), logs=logs, comments=comments)


def _work_logs(rng, language, people, managers, now):
    """The reps' daily logs for the last two weeks' working days and their two weekly plans; a few comments."""
    today = workspace_today()
    monday = today - timedelta(days=today.weekday())
    days = [day for day in (today - timedelta(days=n) for n in range(14)) if day.weekday() < 5]
    rows = []
    for user_id, role, unit in people:
        if role != "rep":
            continue
        # Not every rep writes every day: managers look for the gaps on the team page.
        rows += [{"user_id": user_id, "kind": "daily", "day": day, "body": rng.choice(DAILY[language]),
                  "created_at": _evening(day, now), "updated_at": _evening(day, now)}
                 for day in days if rng.random() < 0.85]
        rows += [{"user_id": user_id, "kind": "weekly", "day": week, "body": rng.choice(WEEKLY[language]),
                  "created_at": _evening(week, now), "updated_at": _evening(week, now)}
                 for week in (monday - timedelta(days=7), monday)]
    ids = db.session.scalars(insert(WorkLog).returning(WorkLog.id, sort_by_parameter_order=True), rows).all()
    units = {user_id: unit for user_id, _role, unit in people}
    comments = [{"work_log_id": log_id, "author_id": _manager_of(units[row["user_id"]], managers),
                 "body": rng.choice(COMMENTS[language]), "created_at": row["created_at"] + timedelta(hours=14)}
                for log_id, row in zip(ids, rows) if row["kind"] == "daily" and rng.random() < 0.15]
    comments = [comment for comment in comments if comment["author_id"] and comment["created_at"] <= now]
    if comments:
        db.session.execute(insert(WorkLogComment), comments)
    return len(ids), len(comments)


def _evening(day, now):
    """When a log of `day` was written: that evening (UTC 10:00 is 18:00 in China), never after now."""
    return min(now, datetime.combine(day, time(10), timezone.utc))


def _manager_of(unit_id, managers):
    """The manager of `unit_id`'s parent branch (the demo's teams sit right under their branch), or None."""
    unit = db.session.get(OrgUnit, unit_id)
    return managers.get(unit.parent_id) or managers.get(unit_id)

"""Purchase history from CSV and .xlsx through the core's import flow: the `customer_insights_purchases` import kind.

The core uploads, maps, previews and runs the batch in checkpointed chunks
(docs/imports.md); this kind says what a purchase row is (cells.py reads days,
amounts and currencies as spreadsheets write them, then the API's schema
decides), finds each row's customer among those the importer may see
(matching.py), and skips a row that repeats a purchase the customer already has
(same order number, day and product), so running a file again adds nothing.
"""
from decimal import Decimal, InvalidOperation

from flask import url_for
from marshmallow import ValidationError, fields, validate
from sqlalchemy import select

from crm_platform.sdk import ImportField, ImportKind, db, format_date, gettext as _, lazy_gettext as _l

from plugins.customer_insights.models import Purchase
from plugins.customer_insights.permissions import RECORD
from plugins.customer_insights.purchases import cells
from plugins.customer_insights.purchases.matching import resolve_customers
from plugins.customer_insights.purchases.schemas import InsightsPurchaseFieldsSchema, not_after_today
from plugins.customer_insights.purchases.service import new_purchase

FIELDS = (
    ImportField("customer_name", _l("Customer name"),
                synonyms=("customer", "client", "company", "company name", "account", "buyer", "客户", "客户名称",
                          "公司", "公司名称", "单位", "单位名称", "企业名称", "购买方", "购货单位")),
    ImportField("customer_number", _l("Customer number"),
                synonyms=("customer no", "customer code", "customer id", "client number", "account number",
                          "external number", "erp number", "客户编号", "客户编码", "客户代码", "客户号")),
    ImportField("credit_code", _l("Unified Social Credit Code"),
                synonyms=("credit code", "uscc", "tax id", "统一社会信用代码", "社会信用代码", "信用代码", "税号")),
    ImportField("email", _l("Email"), synonyms=("e mail", "email address", "mail", "邮箱", "电子邮件", "电子邮箱")),
    ImportField("phone", _l("Phone"), synonyms=("telephone", "tel", "mobile", "phone number", "电话", "手机", "手机号",
                                                "联系电话")),
    ImportField("purchased_on", _l("Purchase date"), required=True,
                synonyms=("date", "purchase date", "order date", "invoice date", "sale date", "日期", "购买日期",
                          "下单日期", "订单日期", "交易日期", "销售日期", "开票日期")),
    ImportField("amount", _l("Amount"), required=True,
                synonyms=("total", "value", "sales", "order amount", "金额", "总金额", "订单金额", "销售额", "销售金额",
                          "交易金额", "价税合计", "合计")),
    ImportField("currency", _l("Currency"), synonyms=("币种", "货币")),
    ImportField("quantity", _l("Quantity"), synonyms=("qty", "units", "数量", "件数")),
    ImportField("product", _l("Product"), synonyms=("item", "product name", "goods", "sku", "产品", "产品名称", "商品",
                                                    "商品名称", "品名", "货品")),
    ImportField("order_number", _l("Order number"),
                synonyms=("order", "order no", "order id", "invoice number", "invoice no", "订单号", "订单编号", "单号",
                          "发票号", "发票号码")),
)
CUSTOMER_FIELDS = ("customer_name", "customer_number", "credit_code", "email", "phone")


class InsightsPurchaseRowSchema(InsightsPurchaseFieldsSchema):
    """A purchase row of an import file: the API's purchase fields, and what finds its customer."""

    purchased_on = fields.Date(required=True, validate=not_after_today)
    customer_name = fields.Str(validate=validate.Length(max=200))
    customer_number = fields.Str(validate=validate.Length(max=64))
    credit_code = fields.Str(validate=validate.Length(max=40))
    email = fields.Str(validate=validate.Length(max=254))
    phone = fields.Str(validate=validate.Length(max=50))


class PurchaseImport(ImportKind):
    """Purchases: created, or skipped when the customer already has the same order on the same day."""

    key = "customer_insights_purchases"
    label = _l("Purchase history")
    title = _l("Import purchase history")
    permission = RECORD
    on_duplicate = ("skip", "create")
    duplicate_question = _l("When a row has the order number, day and product of a purchase its customer already "
                            "has")
    list_endpoint = "insights_purchases.index"

    def job_label(self):
        """The Jobs page's name for a purchase import."""
        return _l("Purchase history import")

    def back_label(self):
        """The status page's link back to the purchases."""
        return _l("Back to the purchase history")

    def fields(self):
        """The fields a column may go to: who bought (any of five keys), when, how much, what."""
        return list(FIELDS)

    def schema(self):
        """The purchase row schema."""
        return InsightsPurchaseRowSchema()

    def load_row(self, raw, reader):
        """The row's data: days, amounts and currencies read as spreadsheets write them, then the schema's checks."""
        errors = {}
        if "purchased_on" in raw:
            raw["purchased_on"] = cells.day_text(raw["purchased_on"])
        for field in ("amount", "quantity"):
            if field in raw:
                raw[field] = cells.number_text(raw[field])
        if "currency" in raw:
            raw["currency"] = cells.currency_text(raw["currency"])
        if _negative(raw.get("amount")):
            errors["amount"] = [_("Returns and refunds are not imported: an amount must be above zero.")]
            del raw["amount"]
        try:
            data = self.schema().load(raw)
        except ValidationError as err:
            errors = {**err.normalized_messages(), **errors}
        if errors:
            raise ValidationError(errors)
        return data

    def resolve_rows(self, plans, user):
        """Each row's customer among those `user` may see: number, credit code, email, phone, then name."""
        resolve_customers(plans, user)

    def keys(self, data):
        """The (customer, order number, day, product) of a row with an order number; a row without one is new."""
        if not data.get("order_number") or not data.get("customer_id"):
            return []
        return [(_("order number"), (data["customer_id"], data["order_number"], data["purchased_on"],
                                     data.get("product")))]

    def existing(self, keys, user):
        """The purchases of the chunk's customers with the chunk's order numbers, one query, by the same key."""
        if not keys:
            return {}
        kind = keys[0][0]
        wanted = {key for _kind, key in keys}
        rows = select(Purchase).where(Purchase.customer_id.in_(sorted({key[0] for key in wanted})),
                                      Purchase.order_number.in_(sorted({key[1] for key in wanted})))
        found = {}
        for purchase in sorted(db.session.scalars(rows), key=lambda row: (row.created_at, row.id)):
            key = (purchase.customer_id, purchase.order_number, purchase.purchased_on, purchase.product)
            if key in wanted:
                found.setdefault((kind, key), purchase)
        return found

    def create(self, user, data):
        """A new purchase of the row's customer (source "import")."""
        return new_purchase(user.id, "import", data)

    def match_links(self, user, records):
        """The matched purchases (their customers are visible: rows match only those), with the customer's list."""
        return {record.id: (f"{record.order_number} ({format_date(record.purchased_on)})",
                            url_for("insights_purchases.index", customer_id=record.customer_id))
                for record in records}

    def match_text(self, key):
        """A row repeating a purchase of its customer."""
        return _("Same order number, day and product as a purchase of this customer.")


def _negative(text):
    """True when `text` is a number below zero (a return or refund)."""
    try:
        return text is not None and Decimal(text) < 0
    except InvalidOperation:
        return False

"""For plugin authors: the SDK's lean list pieces give what the ORM and marshmallow would, in fewer statements."""
import json
from datetime import datetime
from types import SimpleNamespace

import pytest
from marshmallow import fields, post_dump
from sqlalchemy import Column, DateTime, select

from crm_platform import sdk
from crm_platform.models import Customer, CustomerTag, User
from statements_support import statements


class CustomerCardSchema(sdk.BaseSchema):
    """A board's card: a few columns, the owner's name, the tags, a computed label."""

    id = fields.Int()
    name = fields.Str()
    created_at = fields.DateTime()
    care_date = fields.Date(allow_none=True)
    owner_name = fields.Str(allow_none=True)
    tags = fields.List(fields.Str())
    label = fields.Function(lambda card: f"{card.name} ({card.status})")


def cards(user, cursor=None, limit=3):
    """A lean page of the customers `user` sees, newest first: (Rows, next cursor)."""
    keys = [Customer.created_at, Customer.id]
    tags = (select(sdk.sorted_text_array(CustomerTag.tag)).where(CustomerTag.customer_id == Customer.id)
            .scalar_subquery().label("tags"))
    statement = select(Customer.id, Customer.name, Customer.status, Customer.created_at, Customer.care_date,
                       User.name.label("owner_name"), tags)
    return sdk.keyset_rows(
        select(*keys).where(sdk.customer_criterion(user)), keys, True, cursor, limit, types=[datetime, int],
        around=lambda page: statement.join_from(page, Customer, Customer.id == page.c.id)
        .outerjoin(User, User.id == Customer.owner_id))


def orm_cards(user):
    """The same cards the ORM way: what the lean page must equal."""
    customers = sdk.db.session.scalars(select(Customer).where(sdk.customer_criterion(user))
                                       .order_by(Customer.created_at.desc(), Customer.id.desc())).all()
    return [{"id": c.id, "name": c.name, "status": c.status, "created_at": c.created_at, "care_date": c.care_date,
             "owner_name": c.owner.name if c.owner else None, "tags": c.tags} for c in customers]


def test_a_lean_page_dumps_as_the_schema_does_in_one_statement(app, world, tenant_session):
    with tenant_session("acme") as session:
        session.scalar(select(Customer).where(Customer.id == world.acme.customers["n2"].id)).tags = ["b", "Z", "a"]
        session.commit()
    with app.test_request_context(), tenant_session("acme", world.acme.users["manager_north"].id) as session:
        user = session.get(User, world.acme.users["manager_north"].id)
        dump = sdk.RowDumper(CustomerCardSchema(), computed={"tags": lambda row: row.tags})
        items, cursor = [], None
        with statements(app) as sent:
            while True:
                rows, cursor = cards(user, cursor)
                items += dump(rows)
                if cursor is None:
                    break
        assert len(sent) == 2  # 5 customers in pages of 3
        expected = [SimpleNamespace(**card) for card in orm_cards(user)]
        assert items == CustomerCardSchema(many=True).dump(expected)
        assert [item["tags"] for item in items if item["id"] == world.acme.customers["n2"].id] == [["Z", "a", "b"]]
        response = sdk.dumped_response({"items": items, "next_cursor": None})
        assert response.mimetype == "application/json" and json.loads(response.get_data()) == {
            "items": items, "next_cursor": None}


def test_given_its_columns_the_dumper_leaves_dates_and_utc_timestamps_to_the_json_encoder(app, world,
                                                                                          tenant_session):
    """Dates and UTCDateTime values stay objects for orjson, which writes the schema's text; other types are formatted."""
    with app.test_request_context(), tenant_session("acme", world.acme.users["executive"].id) as session:
        user = session.get(User, world.acme.users["executive"].id)
        session.scalar(select(Customer).where(Customer.id == world.acme.customers["n2"].id)).care_date = (
            datetime(1999, 12, 31).date())
        session.flush()
        rows, _ = cards(user, limit=50)
        schema = CustomerCardSchema()
        computed = {"tags": lambda row: row.tags}
        formatted = sdk.RowDumper(schema, computed=computed)(rows)
        native = sdk.RowDumper(schema, computed=computed, columns=[Customer.created_at, Customer.care_date])(rows)
        assert all(isinstance(item["created_at"], datetime) for item in native)
        assert {type(item["care_date"]) for item in native} >= {type(None), type(datetime(1999, 12, 31).date())}
        assert json.loads(sdk.dumped_response(native).get_data()) == formatted == schema.dump(rows, many=True)
        # A timestamp column of another type may carry any offset: formatted by the field, as ever.
        other = sdk.RowDumper(schema, computed=computed, columns=[Column("created_at", DateTime(timezone=True))])
        assert other(rows) == formatted
        # A date's format on a timestamp writes its date alone: formatted by the field too.
        day = CustomerCardSchema(only=("id", "name", "created_at"))
        day.fields["created_at"] = day.dump_fields["created_at"] = fields.Date()
        assert sdk.RowDumper(day, columns=[Customer.created_at])(rows) == day.dump(rows, many=True)


def test_custom_field_values_of_a_page_come_in_one_statement(app, world, tenant_session):
    ids = [world.acme.customers[key].id for key in ("n1_alpha", "n1_beta")]
    with tenant_session("acme") as session:
        sdk.save_custom_fields("customer", ids[0], {"grade": "A"})
        session.commit()
    with app.test_request_context(), tenant_session("acme"):
        with statements(app) as sent:
            found = sdk.custom_field_values_of("customer", ids)
        assert found == {ids[0]: {"grade": "A"}, ids[1]: {"grade": None}}
        assert found == {record_id: sdk.custom_field_values("customer", record_id) for record_id in ids}
        assert len(sent) == 1
        counted = sdk.db.session.scalar(select(sdk.custom_field_count("customer")))
        assert counted == 1
    with app.test_request_context(), tenant_session("acme"):
        with statements(app) as sent:
            assert sdk.custom_field_values_of("contact", ids, fields_counted=0) == {ids[0]: {}, ids[1]: {}}
        assert sent == []


def test_the_dumper_refuses_what_it_cannot_keep_exact():
    class Hooked(sdk.BaseSchema):
        name = fields.Str()

        @post_dump
        def shout(self, data, **kwargs):
            return {key: value.upper() for key, value in data.items()}

    with pytest.raises(ValueError, match="dump hooks"):
        sdk.RowDumper(Hooked())
    with pytest.raises(ValueError, match="no dumped fields"):
        sdk.RowDumper(CustomerCardSchema(), computed={"owner": lambda row: None})

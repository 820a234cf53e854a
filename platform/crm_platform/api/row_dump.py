"""Dumping a list's rows as its marshmallow schema would, without marshmallow's per-field work on every row.

The schema stays the one source of the API's shape: flask-smorest documents it,
single records are dumped with it, and `RowDumper(schema)` reads its fields once
to plan each list row's dump: the values the database already returns in the
field's type (str, int, bool) are copied as they are, dates and times go
through the field's own format function (or, given the statement's columns,
are left to orjson where it writes the same ISO text: dates, and the UTC
timestamps of `UTCDateTime`), `Function` fields call their function,
and the fields a list fetches its own way (a joined owner, aggregated tags)
are computed by the functions the caller gives. Any other field is dumped by
the field itself, so a new field is never silently wrong, only slower.
`tests/core/test_customer_list_rows.py` holds the customer list to its
schema's dump for random customers.

Deep-Fried Marshmallow (a maintained JIT for marshmallow) was tried first: it
ignores a field's own `get_value` (the customer's `custom_fields`), falls back
to plain marshmallow on every such schema, and was then slower than marshmallow.
"""
from collections import namedtuple
from datetime import date, datetime
from functools import partial
from operator import attrgetter

import orjson
from flask import Response
from marshmallow import fields, utils as marshmallow_utils
from marshmallow.decorators import POST_DUMP, PRE_DUMP
from marshmallow.fields import _TemporalField
from sqlalchemy import Date
from sqlalchemy.engine import Row

from crm_platform.models.base import UTCDateTime

# marshmallow's ISO format functions (methods from marshmallow 4, functions of marshmallow.utils before),
# for date-times and for dates: a date's format on a timestamp writes its date alone.
_DATETIME_ISO = {datetime.isoformat, getattr(marshmallow_utils, "isoformat", datetime.isoformat)}
_DATE_ISO = {date.isoformat, getattr(marshmallow_utils, "to_iso_date", date.isoformat)}
# Fields whose dump of a value already of their type is that value.
_AS_STORED = (fields.String._serialize, fields.Boolean._serialize, fields.Raw._serialize)


def _as_stored(field):
    """True when `field` dumps a value the database returns for it unchanged."""
    serialize = type(field)._serialize
    if serialize is fields.Number._serialize:  # Integer: int(value), the value itself for an int column
        return isinstance(field, fields.Integer) and not field.as_string
    return serialize in _AS_STORED


def _format_function(field):
    """The format function of a date or time field dumped the standard way, else None."""
    if isinstance(field, _TemporalField) and type(field)._serialize is _TemporalField._serialize:
        return field.SERIALIZATION_FUNCS.get(field.format or field.DEFAULT_FORMAT)
    return None


def _left_to_orjson(formatter, column_type):
    """True when a field's format writes what orjson writes for the column's values: dates, and UTC timestamps.

    orjson writes a date or datetime as isoformat() does, in C, except for a UTC
    offset with seconds (which it drops): so only for columns read back in UTC
    (`UTCDateTime`) or holding dates, each with its own kind of ISO format.
    """
    if isinstance(column_type, UTCDateTime):
        return formatter in _DATETIME_ISO
    return isinstance(column_type, Date) and formatter in _DATE_ISO


def _own_accessor(field):
    """True when `field` reads its value its own way (marshmallow's default is attribute or key access)."""
    return type(field).get_value is not fields.Field.get_value


class RowDumper:
    """Dumps rows (SQLAlchemy Rows, or objects with attributes) as `schema.dump` dumps objects.

    `computed` maps field names to functions of the row giving their dumped
    value; those fields are the caller's to get right (the test compares).
    A Row's values are read through a named tuple of the same columns: reading
    a Row's attributes by name costs several times more. With the statement's
    `columns`, ISO dates and UTC timestamps stay date and datetime objects for
    orjson to write (in C; the format function took 40% of a 50-row dump): the
    dump is then the schema's once `dumped_response` has encoded it.
    """

    def __init__(self, schema, computed=None, columns=()):
        if schema._hooks[PRE_DUMP] or schema._hooks[POST_DUMP]:
            raise ValueError(f"{type(schema).__name__} has dump hooks; dump its rows with the schema")
        computed = dict(computed or {})
        column_types = {column.key: column.type for column in columns}
        keys, attributes, self._formatted, self._computed = [], [], [], []
        for name, field in schema.dump_fields.items():
            key = field.data_key if field.data_key is not None else name
            attribute = field.attribute or name
            formatter = _format_function(field)
            if name in computed:
                self._computed.append((key, computed.pop(name)))
            elif _own_accessor(field):
                self._computed.append((key, partial(field.serialize, name)))
            elif isinstance(field, fields.Function):
                self._computed.append((key, field.serialize_func))
            elif _as_stored(field) or _left_to_orjson(formatter, column_types.get(attribute)):
                keys.append(key)
                attributes.append(attribute)
            elif formatter is not None:
                self._formatted.append((key, attrgetter(attribute), formatter))
            else:
                self._computed.append((key, partial(field.serialize, name)))
        if computed:
            raise ValueError(f"{type(schema).__name__} has no dumped fields {sorted(computed)}")
        self._keys = tuple(keys)
        getter = attrgetter(*attributes) if attributes else (lambda row: ())
        self._values = getter if len(attributes) != 1 else (lambda row: (getter(row),))
        self._views = {}

    def _view(self, columns):
        """The named tuple class of rows with `columns` (made once per set of columns)."""
        view = self._views.get(columns)
        if view is None:
            view = self._views[columns] = namedtuple("RowView", columns)
        return view

    def dump_one(self, row):
        """The dump of one object with attributes (or named tuple)."""
        out = dict(zip(self._keys, self._values(row)))
        for key, get, formatter in self._formatted:
            value = get(row)
            out[key] = None if value is None else formatter(value)
        for key, compute in self._computed:
            out[key] = compute(row)
        return out

    def __call__(self, rows):
        """The dumps of `rows` (a list of SQLAlchemy Rows of the same statement, or of objects), in order."""
        if not rows:
            return []
        if isinstance(rows[0], Row):
            make = self._view(tuple(rows[0]._fields))._make
            return [self.dump_one(make(row)) for row in rows]
        return [self.dump_one(row) for row in rows]


def dumped_response(payload, status=200):
    """A JSON response of dumps a RowDumper made (plain dicts, lists, strings and numbers).

    Encoded by orjson: the standard library's encoder took a fifth of a list
    request for 50 rows. Keys keep the schema's order; text is UTF-8, unescaped.
    """
    return Response(orjson.dumps(payload), status=status, mimetype="application/json")

"""Secondary indexes as real lookup structures, kept up to date on every write.

An index never decides what a query matches: it only picks the candidates that mongomock
then judges, so it may return too many, never too few. Each indexed value becomes a
component: bytes that start with the rank of the value's type and sort in MongoDB's order.
No component is a prefix of another, so an entry, its fields' components joined, sorts as
the sequence of its components would, yet compares and hashes as one bytes object: nested
tuples made index maintenance a fifth of an insert's cost. A document's entries are every
combination of its fields' components (an array field adds one entry per element: a
multikey index).
"""

import datetime
import itertools
import math
import re
import struct

import bson
from bson.datetime_ms import DatetimeMS
from bson.decimal128 import Decimal128
from bson.int64 import Int64
from bson.max_key import MaxKey
from bson.min_key import MinKey
from bson.regex import Regex
from bson.timestamp import Timestamp
from mongomock import filtering
from pymongo.errors import DuplicateKeyError
from sortedcontainers import SortedList

# MongoDB's comparison order of BSON types.
_MIN_KEY, _NULL, _NUMBER, _STRING, _OBJECT, _ARRAY, _BINARY, _OBJECT_ID, _BOOL, _DATE, \
    _TIMESTAMP, _REGEX, _MAX_KEY = (bytes((rank,)) for rank in range(1, 14))
# Sorts after every component: the end of a range of entries sharing a prefix.
_AFTER_ALL = b'\xff'
_EPOCH = datetime.datetime(1970, 1, 1)
_SIGN = 1 << 63
_double_bits = struct.Struct('>d').pack


def component(value):
    """The index component of one (non-array) value."""
    common = _COMMON_TYPES.get(type(value))
    if common is not None:
        return common(value)
    if value is None:
        return _NULL
    if isinstance(value, bool):
        return _bool(value)
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, str):
        return _STRING + _text(value)
    if isinstance(value, bson.ObjectId):
        return _OBJECT_ID + value.binary
    if isinstance(value, datetime.datetime):
        return _date(_milliseconds(value))
    if isinstance(value, DatetimeMS):
        return _date(int(value))
    if isinstance(value, dict):
        return _OBJECT + bson.encode(value)
    if isinstance(value, list):
        return _ARRAY + bson.encode({'a': value})
    if isinstance(value, Decimal128):
        return _number(float(value.to_decimal()))
    if isinstance(value, bytes):
        # MongoDB orders binary data by length, then subtype, then bytes.
        return _BINARY + len(value).to_bytes(4, 'big') + bytes((getattr(value, 'subtype', 0),)) + value
    if isinstance(value, Timestamp):
        return _TIMESTAMP + value.time.to_bytes(4, 'big') + value.inc.to_bytes(4, 'big')
    if isinstance(value, (Regex, re.Pattern)):
        pattern = value.pattern if isinstance(value.pattern, str) else value.pattern.decode('latin-1')
        return _REGEX + _text(pattern) + _text(str(value.flags))
    if isinstance(value, MinKey):
        return _MIN_KEY
    if isinstance(value, MaxKey):
        return _MAX_KEY
    return component(bson.encode({'v': value}))


def _text(value):
    # UTF-8 keeps code point order. Two NULs end the text and any NUL in it becomes NUL 1,
    # so no text is a prefix of another and a shorter text sorts first.
    return value.encode().replace(b'\x00', b'\x00\x01') + b'\x00\x00'


def _number(value):
    """Numbers of every BSON type in one order: the nearest double, then (for integers a
    double cannot hold exactly) the integer's distance from it. NaN sorts below all numbers."""
    nearest = float(value)
    if nearest != nearest:
        nearest = -math.inf
    elif nearest == 0:
        nearest = 0.0  # -0.0 equals 0.0
    bits = int.from_bytes(_double_bits(nearest), 'big')
    # IEEE 754 order as unsigned bytes: negatives inverted, positives above them.
    bits = ~bits & (_SIGN * 2 - 1) if bits & _SIGN else bits | _SIGN
    rest = value - int(nearest) if type(value) is not float and not math.isinf(nearest) else 0
    return _NUMBER + bits.to_bytes(8, 'big') + (rest + _SIGN).to_bytes(8, 'big')


def _bool(value):
    return _BOOL + (b'\x01' if value else b'\x00')


def _date(milliseconds):
    return _DATE + (milliseconds + _SIGN).to_bytes(8, 'big')


# The types of nearly every indexed value, looked up before the general chain above: index
# builds at start-up call component() for every document.
_COMMON_TYPES = {
    str: lambda value: _STRING + _text(value),
    bson.ObjectId: lambda value: _OBJECT_ID + value.binary,
    datetime.datetime: lambda value: _date(_milliseconds(value)),
    int: _number,
    Int64: _number,
    bool: _bool,
}


def _milliseconds(value):
    if value.tzinfo is not None:
        value = value.replace(tzinfo=None) - value.utcoffset()
    delta = value - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


# Query values whose equality is plain equality of their components: anything else
# (null, arrays, documents, regexes) has matching rules an index lookup would get wrong.
_LOOKUP_TYPES = (str, int, float, bool, bson.ObjectId, datetime.datetime, Int64)


def lookup_component(value):
    """The component to look up for an equality on value, or None if it cannot be looked up."""
    if isinstance(value, _LOOKUP_TYPES) and not (isinstance(value, float) and math.isnan(value)):
        return component(value)
    return None


def _values_at(document, parts):
    """The values a (dotted) path reaches, arrays expanded as MongoDB expands them, and
    whether the path met an array."""
    value = document
    for position, part in enumerate(parts):
        if type(value) is dict:  # nearly always: tried first, it is a fifth faster
            if part not in value:
                return [None], False
            value = value[part]
            continue
        if isinstance(value, list):
            rest = parts[position:]
            found = []
            for element in value:
                if isinstance(element, dict):
                    found += _values_at(element, rest)[0]
            return found or [None], True
        if not isinstance(value, dict) or part not in value:
            return [None], False
        value = value[part]
    if isinstance(value, list):
        return value or [[]], True
    return [value], False


def _array_prefixes(value, parts, position=0):
    """How many parts of the path lead to each array it meets (arrays in arrays included)."""
    found = set()
    while True:
        if isinstance(value, list):
            found.add(position)
            for element in value:
                found |= _array_prefixes(element, parts, position)
            return found
        if position == len(parts) or not isinstance(value, dict) or parts[position] not in value:
            return found
        value = value[parts[position]]
        position += 1


class ParallelArrays(DuplicateKeyError):
    """A document with arrays in two fields of a compound index, which mongod refuses to
    index (and so to store) because its entries would be every pairing of their elements.
    A DuplicateKeyError, so that mongomock undoes the write as it undoes one that breaks a
    unique index."""

    def __init__(self, first, second):
        super().__init__(f'cannot index parallel arrays [{second}] [{first}]', 171)


class Index:
    """One index: entries (bytes) to the store keys of the documents holding them."""

    def __init__(self, name, spec, documents=()):
        self.name = name
        self.spec = spec
        self.fields = [field for field, _ in spec['key']]
        self._paths = [field.split('.') for field in self.fields]
        self.unique = bool(spec.get('unique'))
        self.sparse = bool(spec.get('sparse'))
        self.partial = spec.get('partialFilterExpression')
        self.expire_after = spec.get('expireAfterSeconds')
        # A numeric path part can address an array position, which these entries do not
        # model: such an index is kept for its options but never used to find documents.
        self.usable = not any(part.isdigit() for path in self._paths for part in path)
        # The positions of the fields where some document has several values: the entry order
        # of such a field is not a sort's order.
        self._multikey_fields = set()
        self._documents = {}
        self._keys_of = {}
        # Built in one sort rather than by inserting one entry after another. A plain sorted
        # list would move every later entry on each insert: half of a multikey index's
        # entries, for each of a trip's waypoints, halved POST throughput at 30,000 trips.
        for store_key, document in documents:
            keys = self._keys_of[store_key] = self.entries(document)
            for key in keys:
                self._documents.setdefault(key, {})[store_key] = None
        self._sorted = SortedList(self._documents)
        # Entries in _documents but not yet in _sorted. Equality lookups need only
        # _documents, so new entries wait here until a range lookup or the TTL sweep needs
        # their order, and then go in together (as a GIN index's pending list does in
        # PostgreSQL): the stand-in then spends 6% less CPU on a POST /trips.
        self._unsorted = set()

    @property
    def multikey(self):
        """Whether any document has more than one entry."""
        return bool(self._multikey_fields)

    def entries(self, document):
        """The entries of document, or () if the index leaves it out; notes the fields where
        it has several values, and raises ParallelArrays where mongod would refuse it."""
        if self.partial is not None and not filtering.filter_applies(self.partial, document):
            return ()
        found = [_values_at(document, path) for path in self._paths]
        per_field = [values for values, met_array in found]
        if len(found) > 1 and [met_array for _, met_array in found].count(True) > 1:
            self._refuse_parallel_arrays(document)
        if self.sparse and all(values == [None] for values in per_field):
            return ()
        if all(len(values) == 1 for values in per_field):
            return (b''.join([component(values[0]) for values in per_field]),)
        # Each field's components once, in order: their product then holds every entry once.
        components = []
        for position, values in enumerate(per_field):
            if len(values) == 1:
                components.append((component(values[0]),))
                continue
            distinct = tuple(dict.fromkeys(map(component, values)))
            if len(distinct) > 1:
                self._multikey_fields.add(position)
            components.append(distinct)
        return tuple(map(b''.join, itertools.product(*components)))

    def _refuse_parallel_arrays(self, document):
        # Fields meeting one array, as {'a.b': 1, 'a.c': 1} do in {a: [{b, c}, ...]}, are
        # not parallel: only arrays neither of which leads to the other are.
        arrays = [[path[:length] for length in _array_prefixes(document, path)] for path in self._paths]
        for position, prefixes in enumerate(arrays):
            for other_prefixes in arrays[position + 1:]:
                for prefix in prefixes:
                    for other in other_prefixes:
                        if prefix[:len(other)] != other and other[:len(prefix)] != prefix:
                            raise ParallelArrays(prefix[-1], other[-1])

    def add(self, store_key, keys):
        """Enters a document's entries, as entries() gave them."""
        self._keys_of[store_key] = keys
        for key in keys:
            holders = self._documents.get(key)
            if holders is None:
                self._documents[key] = {store_key: None}
                self._unsorted.add(key)
            else:
                holders[store_key] = None

    def remove(self, store_key):
        for key in self._keys_of.pop(store_key, ()):
            holders = self._documents[key]
            del holders[store_key]
            if not holders:
                del self._documents[key]
                if key in self._unsorted:
                    self._unsorted.remove(key)
                else:
                    self._sorted.remove(key)

    def clashes(self, store_key):
        """For a unique index: an entry of store_key's document that another document holds."""
        for key in self._keys_of.get(store_key, ()):
            if len(self._documents[key]) > 1:
                return key
        return None

    def prefix_length(self, equalities):
        """How many leading fields the {field: component} equalities pin down."""
        count = 0
        for field in self.fields:
            if field not in equalities:
                break
            count += 1
        return count

    def store_keys(self, prefix, descending=False, bounds=(None, None)):
        """The store keys of the documents whose entries start with the prefix components, in
        entry order, and whose next field's component lies within the (lower, upper) bounds,
        if any."""
        start = b''.join(prefix)
        if len(prefix) == len(self.fields):
            yield from self._documents.get(start, ())
            return
        lower, upper = bounds
        in_order = self._in_order()
        low = in_order.bisect_left(start if lower is None else start + lower)
        high = in_order.bisect_left(start + (_AFTER_ALL if upper is None else upper + _AFTER_ALL))
        # A copy: the caller may write to the collection while it reads these.
        keys = list(in_order.islice(low, high, reverse=descending))
        seen = set() if self.multikey else None
        for key in keys:
            for store_key in self._documents[key]:
                if seen is not None:
                    if store_key in seen:
                        continue
                    seen.add(store_key)
                yield store_key

    def _in_order(self):
        """Every entry, in order."""
        if self._unsorted:
            self._sorted.update(self._unsorted)
            self._unsorted.clear()
        return self._sorted

    def is_multikey_at(self, position):
        """Whether documents have several values at that field: conditions on it may then be
        met by different elements, so ranges cannot be intersected."""
        return position in self._multikey_fields

    def serves_sort(self, prefix_length, sort):
        """Whether entry order after the prefix is sort's order (forwards or backwards);
        returns None if not, else True for backwards."""
        sorted_positions = range(prefix_length, prefix_length + len(sort or ()))
        if not sort or self._multikey_fields.intersection(sorted_positions):
            return None
        rest = self.fields[prefix_length:prefix_length + len(sort)]
        if [field for field, _ in sort] != rest:
            return None
        directions = {1 if direction > 0 else -1 for _, direction in sort}
        if len(directions) != 1:
            return None
        return directions == {-1}

    def expired(self, now):
        """Store keys of documents whose date (any, for an array of them) is before now
        minus expireAfterSeconds; mongod ignores the option on compound indexes."""
        if len(self.fields) != 1:
            return []
        in_order = self._in_order()
        high = in_order.bisect_right(_date(_milliseconds(now) - int(self.expire_after * 1000)))
        low = in_order.bisect_left(_DATE)
        return list(dict.fromkeys(
            store_key for key in in_order.islice(low, high) for store_key in self._documents[key]))


_UPPER = {'$lt', '$lte'}
_LOWER = {'$gt', '$gte'}


def bounds(filter, field):
    """(lower, upper) components (inclusive) that every document matching filter has at
    field, as far as plain comparisons and equalities show; None where nothing is known.
    Keyset pages ({$or: [{t: {$lt: c}}, {t: c, _id: {$lt: i}}]}) are bounded by c."""
    lower = upper = None
    for key, value in filter.items():
        if key == '$and' and isinstance(value, list):
            parts = [bounds(part, field) for part in value if isinstance(part, dict)]
        elif key == '$or' and isinstance(value, list) and value:
            branches = [bounds(branch, field) if isinstance(branch, dict) else (None, None) for branch in value]
            # Any branch may match: only bounds every branch has hold, the loosest of them.
            parts = [(None if any(low is None for low, _ in branches) else min(low for low, _ in branches),
                      None if any(high is None for _, high in branches) else max(high for _, high in branches))]
        elif key == field:
            parts = [_field_bounds(value)]
        else:
            continue
        for low, high in parts:
            if low is not None and (lower is None or low > lower):
                lower = low
            if high is not None and (upper is None or high < upper):
                upper = high
    return lower, upper


def _field_bounds(condition):
    if not isinstance(condition, dict):
        exact = lookup_component(condition)
        return exact, exact
    if any(not operator.startswith('$') for operator in condition):
        return None, None
    lower = upper = None
    for operator, operand in condition.items():
        looked_up = lookup_component(operand)
        if looked_up is None:
            continue
        # MongoDB compares only within a type (bracketing), so a range may include other
        # types' entries on its open side: more candidates, never fewer.
        if operator in _UPPER or operator == '$eq':
            upper = looked_up if upper is None else min(upper, looked_up)
        if operator in _LOWER or operator == '$eq':
            lower = looked_up if lower is None else max(lower, looked_up)
    return lower, upper


def equalities(filter):
    """The filter's {field: component} conditions that an index lookup can serve."""
    found = {}
    for field, value in filter.items():
        if field == '$and' and isinstance(value, list):
            for condition in value:
                if isinstance(condition, dict):
                    found.update(equalities(condition))
            continue
        if field.startswith('$'):
            continue
        if isinstance(value, dict) and list(value) == ['$eq']:
            value = value['$eq']
        looked_up = lookup_component(value)
        if looked_up is not None:
            found[field] = looked_up
    return found

"""The mongomock server that holds the data, adjusted where a real server needs it."""

import collections
import copy
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import bson
import mongomock
from mongomock import aggregate, filtering, helpers
from bson.decimal128 import Decimal128
from bson.int64 import Int64
from pymongo.errors import DuplicateKeyError, WriteError

from .errors import CommandError
from .indexes import Index, ParallelArrays, bounds, equalities

_ABSENT = object()
# Types whose Python equality agrees with MongoDB's wherever MongoDB says "equal".
_SCALARS = (str, int, float, bson.ObjectId)
_INDEX_OPTIONS = ('unique', 'sparse', 'expireAfterSeconds', 'partialFilterExpression')
_INT32_MIN, _INT32_MAX = -2**31, 2**31 - 1
_INT64_MIN, _INT64_MAX = -2**63, 2**63 - 1


class DuplicateKey(DuplicateKeyError):
    """A unique-index violation, worded and detailed as mongod reports it."""

    def __init__(self, namespace, index_name, key_pattern, key_value):
        shown = ', '.join(f'{field}: {_shell_repr(value)}' for field, value in key_value.items())
        super().__init__(
            f'E11000 duplicate key error collection: {namespace} index: {index_name} '
            f'dup key: {{ {shown} }}', 11000)
        self.key_pattern = key_pattern
        self.key_value = key_value


class IndexedStore(mongomock.store.CollectionStore):
    """mongomock's store of one collection, with real indexes and a record of what changed
    since it was last saved."""

    def __init__(self, db, name, changes):
        self._specs = {}
        self._indexes = {}
        self._changes = changes
        self.db = db
        # Store keys written since the last save; SQLite row ids of the saved documents.
        self.dirty = {}
        self.rowids = {}
        self.options_changed = False
        self.dropped = False
        super().__init__(name)
        # Nothing to save for a store only just made up, e.g. by a read of a missing collection.
        self._changes.pop(self, None)
        self.options_changed = False

    @property
    def indexes(self):
        return self._specs

    @indexes.setter
    def indexes(self, specs):
        self._specs = dict(specs)
        self._indexes = {}
        for index_name, spec in self._specs.items():
            self._build(index_name, spec)
        self._options_changed()

    def index_objects(self):
        return self._indexes.values()

    def index(self, index_name):
        return self._indexes[index_name]

    def create_index(self, index_name, index_dict):
        # Built first: an index the documents cannot have (ParallelArrays) is not recorded.
        self._build(index_name, index_dict)
        self._specs[index_name] = index_dict
        self._options_changed()

    def drop_index(self, index_name):
        del self._specs[index_name]
        del self._indexes[index_name]
        self._options_changed()

    def _build(self, index_name, spec):
        self._indexes[index_name] = Index(index_name, spec, self._documents.items())

    def create(self):
        super().create()
        self._options_changed()

    def drop(self):
        super().drop()
        self.dropped = True
        self.dirty.clear()
        self._options_changed()

    def __setitem__(self, key, val):
        # Every index's entries first: a document that one of them refuses is not stored.
        entries = [(index, index.entries(val)) for index in self._indexes.values()]
        for index in self._indexes.values():
            index.remove(key)
        super().__setitem__(key, val)
        for index, keys in entries:
            index.add(key, keys)
        self._dirty(key)

    def __delitem__(self, key):
        super().__delitem__(key)
        for index in self._indexes.values():
            index.remove(key)
        self._dirty(key)

    def reindex(self, key):
        """Update the entries of a document that mongomock changed in place."""
        document = self._documents[key]
        entries = [(index, index.entries(document)) for index in self._indexes.values()]
        for index, keys in entries:
            index.remove(key)
            index.add(key, keys)
        self._dirty(key)

    def replace_contents(self, index_dicts, saved_documents, created=True):
        """Hold exactly what was saved: (document, rowid) pairs, taken as they are (they were
        checked when written), and the indexes built once over all of them."""
        self._documents = collections.OrderedDict()
        self.rowids = {}
        for document, rowid in saved_documents:
            key = store_key(document['_id'])
            self._documents[key] = document
            self.rowids[key] = rowid
        self._is_force_created = created
        self.indexes = index_dicts
        self.saved()

    def document(self, key):
        return self._documents.get(key)

    def saved_index_specs(self):
        return [{'name': name, **index, 'key': dict(index['key'])} for name, index in self._specs.items()]

    def saved(self):
        self.dirty.clear()
        self.options_changed = False
        self.dropped = False

    def _dirty(self, key):
        self.dirty[key] = None
        self._changes[self] = None

    def _options_changed(self):
        self.options_changed = True
        self._changes[self] = None

    def _remove_expired_documents(self):
        # mongomock would scan every TTL-indexed collection on every access; the TTL
        # sweep in ttl.py expires documents once a minute, as mongod does.
        pass


class _DatabaseStore(mongomock.store.DatabaseStore):
    def __init__(self, db, changes):
        super().__init__()
        self._db = db
        self._changes = changes

    def __getitem__(self, col_name):
        if col_name not in self._collections:
            self._collections[col_name] = IndexedStore(self._db, col_name, self._changes)
        return self._collections[col_name]

    def rename(self, name, new_name):
        raise NotImplementedError('renaming a collection')


class _ServerStore(mongomock.store.ServerStore):
    def __init__(self, changes):
        super().__init__()
        self._changes = changes

    def __getitem__(self, db_name):
        if db_name not in self._databases:
            self._databases[db_name] = _DatabaseStore(db_name, self._changes)
        return self._databases[db_name]


@dataclass
class _Plan:
    index: Index
    prefix: tuple
    # None: the index does not give the requested order; else whether to walk it backwards.
    descending: bool | None
    # (lower, upper) on the field after the prefix.
    bounds: tuple


class Collection(mongomock.collection.Collection):
    """mongomock's collection, finding documents through its indexes, with mongod's
    duplicate-key errors."""

    @property
    def exists(self):
        return bool(self._store.is_created)

    def _plan(self, filter, sort=None):
        """The index whose leading fields the filter's equalities pin down the most, or None."""
        if not isinstance(filter, Mapping):
            return None
        wanted = equalities(filter)
        if not wanted:
            return None
        best, best_rank = None, None
        for index in self._store.index_objects():
            if not index.usable:
                continue
            length = index.prefix_length(wanted)
            if not length:
                continue
            descending = index.serves_sort(length, sort)
            rank = (length, descending is not None, index.unique)
            if best_rank is None or rank > best_rank:
                prefix = tuple(wanted[field] for field in index.fields[:length])
                after = (bounds(filter, index.fields[length])
                         if length < len(index.fields) and not index.is_multikey_at(length) else (None, None))
                best, best_rank = _Plan(index, prefix, descending, after), rank
        return best

    def _iter_documents(self, filter):
        # mongomock runs its (slow) matcher on every document for every filter. The
        # shortcuts below only decide which documents mongomock gets to judge.
        if not isinstance(filter, Mapping):
            return super()._iter_documents(filter)
        doc_id = filter.get('_id', _ABSENT)
        if doc_id is not _ABSENT and not isinstance(doc_id, (dict, list, re.Pattern, bson.Regex)):
            # A plain _id value can only match the document stored under it.
            try:
                document = self._store[store_key(doc_id)]
            except (KeyError, TypeError):
                return iter(())
            return iter((document,) if filtering.filter_applies(filter, document) else ())
        plan = self._plan(filter)
        if plan is not None:
            filtering.filter_applies(filter, {})  # refuses an invalid filter, as a scan would
            documents = self._store._documents  # pylint: disable=protected-access
            candidates = [documents[key] for key in plan.index.store_keys(plan.prefix, bounds=plan.bounds)]
            return (document for document in candidates if filtering.filter_applies(filter, document))
        required = _cheap_equalities(filter)
        if not required:
            return super()._iter_documents(filter)
        return (document for document in list(self._store.documents)
                if _may_match(document, required) and filtering.filter_applies(filter, document))

    def find_documents(self, filter, projection=None, skip=0, limit=0, sort=None):
        """find's documents; walks an index in order when one gives the requested sort, so
        that a page costs what it returns, not what the owner has."""
        filter = helpers.patch_datetime_awareness_in_document(filter)
        plan = self._plan(filter, sort)
        if plan is None or plan.descending is None:
            return list(self.find(filter, projection=projection, skip=skip, limit=limit, sort=sort))
        filtering.filter_applies(filter, {})  # refuses an invalid filter, as a scan would
        documents = self._store._documents  # pylint: disable=protected-access
        found = []
        for key in plan.index.store_keys(plan.prefix, plan.descending, plan.bounds):
            document = documents[key]
            if not filtering.filter_applies(filter, document):
                continue
            if skip:
                skip -= 1
                continue
            found.append(self._copy_only_fields(document, projection, dict))
            if limit and len(found) >= limit:
                break
        return found

    # True while mongomock inserts: it stores the document, which indexes it, and then calls
    # _ensure_uniques, whose re-indexing would only redo that (a third of an insert's cost).
    _inserting = False

    def _insert(self, data, session=None, ordered=True):
        self._inserting = True
        try:
            return super()._insert(data, session, ordered)
        except (DuplicateKey, ParallelArrays):
            raise
        except DuplicateKeyError:
            # The only duplicate mongomock reports on its own is the _id.
            raise DuplicateKey(self.full_name, '_id_', {'_id': 1}, {'_id': data['_id']}) from None
        finally:
            self._inserting = False

    def _apply_update_document(self, existing_document, spec, document, was_insert):
        # mongomock changes the stored document field by field: an operator that fails
        # halfway would leave the earlier ones applied, where mongod changes nothing.
        before = copy.deepcopy(existing_document)
        try:
            super()._apply_update_document(existing_document, spec, document, was_insert)
        except Exception:
            existing_document.clear()
            existing_document.update(before)
            raise

    def _ensure_uniques(self, new_data):
        # Called by mongomock after every insert and every in-place update, with the
        # document already stored: its entries are brought up to date, then checked.
        key = store_key(new_data['_id'])
        if not self._inserting:
            self._store.reindex(key)
        for index in self._store.index_objects():
            if index.unique and index.clashes(key) is not None:
                key_value = {field: _value_at(new_data, field) for field in index.fields}
                raise DuplicateKey(self.full_name, index.name, dict(index.spec['key']), key_value)

    def aggregate(self, pipeline, session=None, **kwargs):
        # mongomock copies the whole collection before running a pipeline;
        # drivers count documents with a leading $match, which find() can
        # narrow first (and answer by _id lookup).
        if pipeline and list(pipeline[0]) == ['$match']:
            documents = list(self.find(pipeline[0]['$match']))
            return aggregate.process_pipeline(documents, self.database, pipeline[1:], session)
        return super().aggregate(pipeline, session, **kwargs)

    def create_index_from_spec(self, spec):
        """Create an index from a createIndexes/listIndexes style document; returns False when
        an identical index already exists, raises mongod's conflict errors (85, 86)."""
        if self.index_exists(spec):
            return False
        options = {option: spec[option] for option in _INDEX_OPTIONS if option in spec}
        self.create_index(list(spec['key'].items()), name=spec['name'], **options)
        return True

    def index_exists(self, spec):
        """Whether an identical index exists; raises mongod's errors for conflicting ones."""
        options = {option: spec[option] for option in _INDEX_OPTIONS if option in spec}
        key = list(spec['key'].items())
        name = spec['name']
        wanted = {'key': key, **{option: value for option, value in options.items()
                                if option not in ('unique', 'sparse') or value}}
        for existing_name, existing in [('_id_', {'key': [('_id', 1)]}), *self._store.indexes.items()]:
            same_key = existing['key'] == key
            if existing_name == name:
                if not same_key:
                    raise CommandError(86, (
                        'An existing index has the same name as the requested index. '
                        f'Requested index: {_shown(spec)}, existing index: {_shown(_listed(existing_name, existing))}'))
                if _comparable(existing) != _comparable(wanted) and existing_name != '_id_':
                    raise CommandError(85, (
                        f'An existing index has the same name as the requested index. Requested index: '
                        f'{_shown(spec)}, existing index: {_shown(_listed(existing_name, existing))}'))
                return True
            if same_key:
                if _comparable(existing) == _comparable(wanted):
                    raise CommandError(85, f'Index already exists with a different name: {existing_name}')
                raise CommandError(85, (
                    'An equivalent index already exists with a different name and options. '
                    f'Requested index: {_shown(spec)}, existing index: {_shown(_listed(existing_name, existing))}'))
        return False

    def index_specs(self):
        """The indexes as listIndexes shows them, the implicit _id_ index first."""
        return [{'v': 2, 'key': index['key'], 'name': index['name'], **index}
                for index in self.list_indexes()]

    def restore(self, documents, index_specs):
        # Saved documents were valid when written, so they go straight into
        # the store: inserting them one by one would rescan the collection
        # for every unique index on every document.
        self._store.create()
        for document in documents:
            self._store[store_key(document['_id'])] = document
        for spec in index_specs:
            if spec['name'] != '_id_':
                self.create_index_from_spec(spec)


class Engine:
    """All databases, with collections handed out as the adjusted Collection."""

    def __init__(self):
        # Every store with changes not saved yet, in the order they changed.
        self.changes = {}
        self.client = mongomock.MongoClient(_store=_ServerStore(self.changes))
        self._collections = {}

    def collection(self, db, name) -> Collection:
        key = (db, name)
        if key not in self._collections:
            database = self.client[db]
            database.get_collection(name)  # validates the name the way mongomock does
            self._collections[key] = Collection(database, name, _db_store=database._store)
        return self._collections[key]

    def namespaces(self):
        for db in self.client.list_database_names():
            for name in self.client[db].list_collection_names():
                yield db, name


def _comparable(index):
    return {option: value for option, value in index.items() if option != 'key'}


def _listed(name, index):
    return {'v': 2, **{**index, 'key': dict(index['key'])}, 'name': name}


def _shown(spec):
    return json.dumps(spec, default=str)


def _inc_keeping_type(document, field_name, amount):
    """mongod's $inc: int64 stays int64, int32 becomes int64 rather than overflow, a double
    anywhere makes a double; mongomock's plain + made every result a Python int (int32)."""
    if isinstance(document, list):
        position = int(field_name)
        if position < 0:
            raise WriteError('Negative index provided')
        document.extend([None] * (position + 1 - len(document)))
        current = document[position] if document[position] is not None else _ABSENT
    else:
        current = document.get(field_name, _ABSENT)
    if not _is_number(amount):
        raise WriteError(f'Cannot increment with non-numeric argument: {{{field_name}: {amount!r}}}', 14)
    if current is _ABSENT:
        result = amount
    elif not _is_number(current):
        raise WriteError(f"Cannot apply $inc to a value of non-numeric type. The field '{field_name}' "
                         f'has a value of non-numeric type {type(current).__name__}', 14)
    elif isinstance(current, Decimal128) or isinstance(amount, Decimal128):
        raise NotImplementedError('$inc on decimal128 values')
    elif isinstance(current, float) or isinstance(amount, float):
        result = float(current) + float(amount)
    else:
        total = int(current) + int(amount)
        if isinstance(current, Int64) or isinstance(amount, Int64) or not _INT32_MIN <= total <= _INT32_MAX:
            if not _INT64_MIN <= total <= _INT64_MAX:
                raise WriteError(f"Failed to apply $inc to the field '{field_name}': the result overflows int64", 2)
            result = Int64(total)
        else:
            result = total
    if isinstance(document, list):
        document[int(field_name)] = result
    else:
        document[field_name] = result


def _is_number(value):
    return isinstance(value, (int, float, Decimal128)) and not isinstance(value, bool)


mongomock.collection._updaters['$inc'] = _inc_keeping_type  # pylint: disable=protected-access


def _cheap_equalities(filter):
    """The filter's top-level {field: scalar} conditions that plain == can pre-check."""
    return [(field, value) for field, value in filter.items()
            if not field.startswith('$') and '.' not in field
            and isinstance(value, _SCALARS) and not _is_nan(value)]


def _is_nan(value):
    # MongoDB matches NaN to NaN; Python's == does not.
    return isinstance(value, float) and math.isnan(value)


def _may_match(document, required):
    # False only where MongoDB cannot match either: the field is missing, or
    # holds a scalar that differs (a different type never matches). Arrays and
    # everything else are left to mongomock.
    for field, value in required:
        found = document.get(field, _ABSENT)
        if found is _ABSENT or (isinstance(found, _SCALARS) and found != value):
            return False
    return True


def store_key(doc_id):
    # mongomock keys its store this way, so lookups must too.
    return helpers.hashdict(doc_id) if isinstance(doc_id, dict) else doc_id


def _value_at(document, field):
    try:
        return helpers.get_value_by_dot(document, field)
    except KeyError:
        return None


def _shell_repr(value):
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if value is None:
        return 'null'
    if isinstance(value, bson.ObjectId):
        return f"ObjectId('{value}')"
    return str(value)

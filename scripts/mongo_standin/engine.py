"""The mongomock server that holds the data, adjusted where a real server needs it."""

import json
import math
import re
from collections.abc import Mapping

import bson
import mongomock
from mongomock import aggregate, filtering, helpers
from pymongo.errors import DuplicateKeyError

_ABSENT = object()
# Types whose Python equality agrees with MongoDB's wherever MongoDB says "equal".
_SCALARS = (str, int, float, bson.ObjectId)
_INDEX_OPTIONS = ('unique', 'sparse', 'expireAfterSeconds', 'partialFilterExpression')


class DuplicateKey(DuplicateKeyError):
    """A unique-index violation, worded and detailed as mongod reports it."""

    def __init__(self, namespace, index_name, key_pattern, key_value):
        shown = ', '.join(f'{field}: {_shell_repr(value)}' for field, value in key_value.items())
        super().__init__(
            f'E11000 duplicate key error collection: {namespace} index: {index_name} '
            f'dup key: {{ {shown} }}', 11000)
        self.key_pattern = key_pattern
        self.key_value = key_value


class Collection(mongomock.collection.Collection):
    """mongomock's collection with direct _id lookups and mongod's duplicate-key errors."""

    @property
    def exists(self):
        return bool(self._store.is_created)

    def _iter_documents(self, filter):
        # mongomock runs its (slow) matcher on every document for every
        # filter, including the unique-index checks behind each write. Both
        # shortcuts below only decide which documents mongomock gets to judge.
        if not isinstance(filter, Mapping):
            return super()._iter_documents(filter)
        doc_id = filter.get('_id', _ABSENT)
        if doc_id is not _ABSENT and not isinstance(doc_id, (dict, list, re.Pattern, bson.Regex)):
            # A plain _id value can only match the document stored under it.
            try:
                document = self._store[doc_id]
            except (KeyError, TypeError):
                return iter(())
            return iter((document,) if filtering.filter_applies(filter, document) else ())
        required = _cheap_equalities(filter)
        if not required:
            return super()._iter_documents(filter)
        return (document for document in list(self._store.documents)
                if _may_match(document, required) and filtering.filter_applies(filter, document))

    def _insert(self, data, session=None, ordered=True):
        try:
            return super()._insert(data, session, ordered)
        except DuplicateKey:
            raise
        except DuplicateKeyError:
            # The only duplicate mongomock reports on its own is the _id.
            raise DuplicateKey(self.full_name, '_id_', {'_id': 1}, {'_id': data['_id']}) from None

    def _ensure_uniques(self, new_data):
        try:
            super()._ensure_uniques(new_data)
        except DuplicateKeyError:
            raise self._describe_duplicate(new_data) from None

    def _describe_duplicate(self, document):
        """The DuplicateKey for the unique index that document (already stored) collides on."""
        errors = []
        for name, index in self._store.indexes.items():
            if index.get('unique'):
                key_value = {field: _value_at(document, field) for field, _ in index['key']}
                error = DuplicateKey(self.full_name, name, dict(index['key']), key_value)
                if sum(1 for _ in self._iter_documents(key_value)) > 1:
                    return error
                errors.append(error)
        # Sparse and partial indexes can collide in ways this plain check misses.
        return errors[0]

    def aggregate(self, pipeline, session=None, **kwargs):
        # mongomock copies the whole collection before running a pipeline;
        # drivers count documents with a leading $match, which find() can
        # narrow first (and answer by _id lookup).
        if pipeline and list(pipeline[0]) == ['$match']:
            documents = list(self.find(pipeline[0]['$match']))
            return aggregate.process_pipeline(documents, self.database, pipeline[1:], session)
        return super().aggregate(pipeline, session, **kwargs)

    def create_index_from_spec(self, spec):
        """Create an index from a createIndexes/listIndexes style document."""
        options = {option: spec[option] for option in _INDEX_OPTIONS if option in spec}
        return self.create_index(list(spec['key'].items()), name=spec['name'], **options)

    def index_specs(self):
        """The indexes as listIndexes shows them, the implicit _id_ index first."""
        return [{'v': 2, 'key': index['key'], 'name': index['name'], **index}
                for index in self.list_indexes()]

    def stored_documents(self):
        """The stored documents themselves, not copies: read them, never change them."""
        return list(self._store.documents)

    def restore(self, documents, index_specs):
        # Saved documents were valid when written, so they go straight into
        # the store: inserting them one by one would rescan the collection
        # for every unique index on every document.
        self._store.create()
        for document in documents:
            self._store[_store_key(document['_id'])] = document
        for spec in index_specs:
            if spec['name'] != '_id_':
                self.create_index_from_spec(spec)


class Engine:
    """All databases, with collections handed out as the adjusted Collection."""

    def __init__(self):
        self.client = mongomock.MongoClient()
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


def _store_key(doc_id):
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

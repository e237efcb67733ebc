"""Database commands, answered the way mongod 6.0 answers them, with mongomock doing the work.

Fields a command does not use (lsid, writeConcern, readConcern, $readPreference,
comment, maxTimeMS, apiVersion, ...) are accepted and ignored. Options that would change
the answer and that mongomock cannot follow (collation, let, tailable cursors, ...) are
refused, never ignored. A hint is checked as mongod checks it; it cannot change results.
"""

import datetime
import logging
from dataclasses import dataclass

from bson.errors import InvalidDocument
from mongomock import filtering
from pymongo.errors import OperationFailure, WriteError

from .cursors import Cursors
from .engine import DuplicateKey, Engine
from .errors import CommandError, error_reply
from .indexes import component
from .unwind import install as install_linear_unwind

log = logging.getLogger(__name__)
install_linear_unwind()

MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024
_ID_INDEX = {'v': 2, 'key': {'_id': 1}, 'name': '_id_'}

_HANDLERS = {}
_CHANGES_DATA = {}


def command(*names, writes=False):
    """Register a handler; writes: True, or a test of the command body, if it can change data."""
    def register(handler):
        for name in names:
            _HANDLERS[name] = handler
            _CHANGES_DATA[name] = writes if callable(writes) else lambda _body: writes
        return handler
    return register


@dataclass
class Call:
    db: str
    body: dict
    connection_id: int

    @property
    def name(self):
        return next(iter(self.body))

    @property
    def namespace(self):
        return f'{self.db}.{self.collection_name}'

    @property
    def collection_name(self):
        name = self.body[self.name]
        if not isinstance(name, str) or not name:
            raise CommandError(73, f'invalid collection name {name!r}')
        return name


class Commands:
    def __init__(self, engine: Engine, cursors: Cursors, save):
        """save(journal): commits the engine's changes, fsynced if journal, raising the
        CommandError to answer with if it cannot, so that no write is acknowledged before
        it is committed."""
        self.engine = engine
        self.cursors = cursors
        self._save = save

    def run(self, db, body, connection_id) -> dict:
        """Answer one command; failures become error replies, never exceptions."""
        if not body:
            return error_reply(9, 'empty command')
        call = Call(db, body, connection_id)
        handler = _HANDLERS.get(call.name)
        if handler is None:
            return error_reply(59, f"no such command: '{call.name}'")
        try:
            reply = handler(self, call)
        except Exception as error:  # pylint: disable=broad-except
            reply = error_reply(*_code_and_message(error))
            if isinstance(error, DuplicateKey):
                reply.update(keyPattern=error.key_pattern, keyValue=error.key_value)
        # Also after a failure: an ordered insert may have stored documents before it.
        if _CHANGES_DATA[call.name](body):
            concern = body.get('writeConcern')
            try:
                self._save(journal=isinstance(concern, dict) and bool(concern.get('j')))
            except CommandError as error:
                reply = error.reply()
        reply.setdefault('ok', 1.0)
        return reply

    def collection(self, call):
        return self.engine.collection(call.db, call.collection_name)

    def existing_collection(self, call, missing_message=None):
        collection = self.collection(call)
        if not collection.exists:
            raise CommandError(26, missing_message or f'ns does not exist: {call.namespace}')
        return collection


def _code_and_message(error):
    if isinstance(error, CommandError):
        return error.code, str(error)
    if isinstance(error, OperationFailure):
        return error.code or 2, str(error)
    if isinstance(error, NotImplementedError):
        return 238, f'not supported by mongo_standin (mongomock): {error}'
    if isinstance(error, KeyError):
        return 9, f'missing required field {error}'
    if isinstance(error, (ValueError, TypeError, InvalidDocument)):
        return 2, str(error)
    log.exception('command failed unexpectedly')
    return 8, f'{type(error).__name__}: {error}'


def _write_error(index, error):
    code, message = _code_and_message(error)
    entry = {'index': index, 'code': code, 'errmsg': message}
    if isinstance(error, DuplicateKey):
        entry.update(keyPattern=error.key_pattern, keyValue=error.key_value)
    return entry


# Failures of a single write statement: reported in writeErrors, where
# drivers look for them, rather than failing the whole command.
_STATEMENT_ERRORS = (CommandError, WriteError, OperationFailure, ValueError, TypeError,
                     InvalidDocument, NotImplementedError)


# --- handshake and server information ------------------------------------

@command('hello', 'isMaster', 'ismaster')
def hello(_, call):
    # No topologyVersion: without it libmongoc treats the server as a plain
    # standalone and polls instead of using awaitable (streaming) hello.
    reply = {
        'isWritablePrimary': True,
        'ismaster': True,
        'maxBsonObjectSize': MAX_BSON_OBJECT_SIZE,
        'maxMessageSizeBytes': 48_000_000,
        'maxWriteBatchSize': 100_000,
        'localTime': datetime.datetime.now(datetime.UTC),
        'logicalSessionTimeoutMinutes': 30,
        'connectionId': call.connection_id,
        'minWireVersion': 0,
        'maxWireVersion': 17,
        'readOnly': False,
    }
    if call.body.get('helloOk'):
        reply['helloOk'] = True
    return reply


@command('ping', 'endSessions')
def nothing_to_do(*_):
    return {}


@command('buildInfo', 'buildinfo')
def build_info(*_):
    return {'version': '6.0.0', 'versionArray': [6, 0, 0, 0], 'gitVersion': 'mongo_standin',
            'bits': 64, 'maxBsonObjectSize': MAX_BSON_OBJECT_SIZE, 'storageEngines': []}


# --- writes ---------------------------------------------------------------

@command('insert', writes=True)
def insert(commands, call):
    collection = commands.collection(call)
    inserted, errors = 0, []
    for index, document in enumerate(call.body.get('documents', [])):
        try:
            collection.insert_one(document)
            inserted += 1
        except _STATEMENT_ERRORS as error:
            errors.append(_write_error(index, error))
            if call.body.get('ordered', True):
                break
    return _write_reply({'n': inserted}, errors)


@command('update', writes=True)
def update(commands, call):
    collection = commands.collection(call)
    _check_options(collection, call.body, 'let')
    matched, modified, upserted, errors = 0, 0, [], []
    for index, statement in enumerate(call.body.get('updates', [])):
        try:
            result = _update_one_statement(collection, statement)
        except _STATEMENT_ERRORS as error:
            errors.append(_write_error(index, error))
            if call.body.get('ordered', True):
                break
            continue
        matched += result['n']
        modified += result['nModified']
        if result.get('upserted') is not None:
            upserted.append({'index': index, '_id': result['upserted']})
    reply = {'n': matched, 'nModified': modified}
    if upserted:
        reply['upserted'] = upserted
    return _write_reply(reply, errors)


def _update_one_statement(collection, statement):
    """Apply one {q, u, upsert, multi, arrayFilters} statement; returns mongomock's raw result."""
    if 'sort' in statement:
        # Added to update statements in mongod 8.0; the 6.0 this server claims to be refuses it.
        raise CommandError(40415, "BSON field 'update.updates.sort' is an unknown field.")
    _check_options(collection, statement)
    query, change = statement.get('q', {}), statement['u']
    upsert, multi = statement.get('upsert', False), statement.get('multi', False)
    is_operator_update = isinstance(change, list) or any(key.startswith('$') for key in change)
    if is_operator_update:
        method = collection.update_many if multi else collection.update_one
        result = method(query, change, upsert=upsert, array_filters=statement.get('arrayFilters'))
    elif multi:
        raise CommandError(9, 'multi update is not supported for replacement-style update')
    else:
        result = collection.replace_one(query, change, upsert=upsert)
    return result.raw_result


@command('delete', writes=True)
def delete(commands, call):
    collection = commands.collection(call)
    _check_options(collection, call.body, 'let')
    deleted, errors = 0, []
    for index, statement in enumerate(call.body.get('deletes', [])):
        query = statement.get('q', {})
        try:
            _check_options(collection, statement)
            if statement.get('limit', 0) == 1:
                deleted += collection.delete_one(query).deleted_count
            else:
                deleted += collection.delete_many(query).deleted_count
        except _STATEMENT_ERRORS as error:
            errors.append(_write_error(index, error))
            if call.body.get('ordered', True):
                break
    return _write_reply({'n': deleted}, errors)


def _write_reply(reply, errors):
    if errors:
        reply['writeErrors'] = errors
    return reply


@command('findAndModify', 'findandmodify', writes=True)
def find_and_modify(commands, call):
    collection = commands.collection(call)
    body = call.body
    _check_options(collection, body, 'let')
    change, remove = body.get('update'), body.get('remove', False)
    if (change is None) == (not remove):
        raise CommandError(9, 'Either an update or remove=true must be specified')
    query, fields = body.get('query') or {}, body.get('fields') or None
    found = collection.find_one(query, sort=_sort(body.get('sort')))
    target = {'_id': found['_id']} if found else query
    before = collection.find_one(target, projection=fields) if found else None
    if remove:
        if found:
            collection.delete_one(target)
        return {'lastErrorObject': {'n': int(found is not None)}, 'value': before}
    result = _update_one_statement(
        collection, {'q': target, 'u': change, 'upsert': body.get('upsert', False),
                     'arrayFilters': body.get('arrayFilters')})
    last_error = {'n': result['n'], 'updatedExisting': result['updatedExisting']}
    if result.get('upserted') is not None:
        last_error['upserted'] = result['upserted']
    value = before
    if body.get('new') and result['n']:
        changed_id = result['upserted'] if result.get('upserted') is not None else found['_id']
        value = collection.find_one({'_id': changed_id}, projection=fields)
    return {'lastErrorObject': last_error, 'value': value}


# --- reads ----------------------------------------------------------------

@command('find')
def find(commands, call):
    body = call.body
    collection = commands.collection(call)
    _check_options(collection, body, 'let', 'min', 'max', 'returnKey', 'showRecordId',
                   'tailable', 'awaitData')
    limit = body.get('limit', 0)
    documents = collection.find_documents(
        body.get('filter') or {}, projection=body.get('projection') or None,
        skip=body.get('skip', 0), limit=abs(limit), sort=_sort(body.get('sort')))
    return {'cursor': commands.cursors.first_batch(
        call.namespace, documents, body.get('batchSize'),
        single_batch=body.get('singleBatch', False) or limit < 0)}


@command('getMore')
def get_more(commands, call):
    namespace = f"{call.db}.{call.body.get('collection')}"
    return {'cursor': commands.cursors.next_batch(
        call.body['getMore'], namespace, call.body.get('batchSize'))}


@command('killCursors')
def kill_cursors(commands, call):
    killed, not_found = commands.cursors.kill(call.body.get('cursors', []))
    return {'cursorsKilled': killed, 'cursorsNotFound': not_found,
            'cursorsAlive': [], 'cursorsUnknown': []}


def _has_output_stage(body):
    pipeline = body.get('pipeline')
    return isinstance(pipeline, list) and any(
        isinstance(stage, dict) and ('$out' in stage or '$merge' in stage) for stage in pipeline)


@command('aggregate', writes=_has_output_stage)
def aggregate(commands, call):
    collection = commands.collection(call)
    _check_options(collection, call.body, 'let')
    documents = list(collection.aggregate(call.body.get('pipeline', [])))
    return {'cursor': commands.cursors.first_batch(
        call.namespace, documents, call.body.get('cursor', {}).get('batchSize'))}


@command('count')
def count(commands, call):
    collection = commands.collection(call)
    _check_options(collection, call.body)
    options = {name: abs(call.body[name]) for name in ('skip', 'limit') if call.body.get(name)}
    return {'n': collection.count_documents(call.body.get('query') or {}, **options)}


@command('distinct')
def distinct(commands, call):
    collection = commands.collection(call)
    _check_options(collection, call.body)
    values = collection.distinct(call.body['key'], call.body.get('query') or None)
    # mongod gathers the values in a set ordered as BSON compares them.
    return {'values': sorted(values, key=component)}


def _check_options(collection, body, *refused):
    """Refuse what would change the answer and mongomock cannot do; check a hint as mongod
    does (it can only change how, not what, is found)."""
    for option in refused:
        if option in body:
            raise CommandError(238, f"mongo_standin does not support the '{option}' option")
    collation = body.get('collation')
    if collation is not None and collation != {'locale': 'simple'}:
        raise CommandError(238, 'mongo_standin does not support collations other than simple')
    hint = body.get('hint')
    if hint is None or hint == {} or hint == '':
        return
    if isinstance(hint, dict) and '$natural' in hint:
        raise CommandError(238, 'mongo_standin does not support $natural hints')
    specs = collection.index_specs() if collection.exists else []
    if not any(hint in (spec['name'], spec['key']) for spec in specs):
        raise CommandError(2, 'error processing query: planner returned error :: caused by :: '
                              'hint provided does not correspond to an existing index')


def _sort(spec):
    return list(spec.items()) if spec else None


# --- indexes and namespaces ------------------------------------------------

# Index options mongod has and mongomock cannot follow: refused rather than ignored.
_UNSUPPORTED_INDEX_OPTIONS = {
    'collation', 'weights', 'default_language', 'language_override', 'textIndexVersion',
    '2dsphereIndexVersion', 'bits', 'min', 'max', 'bucketSize', 'hidden', 'wildcardProjection',
    'storageEngine', 'prepareUnique', 'clustered'}
_INDEX_FIELDS = {'v', 'key', 'name', 'ns', 'background', 'unique', 'sparse',
                 'expireAfterSeconds', 'partialFilterExpression'}


@command('createIndexes', writes=True)
def create_indexes(commands, call):
    collection = commands.collection(call)
    specs = call.body.get('indexes')
    if not isinstance(specs, list) or not specs:
        raise CommandError(2, 'Must specify at least one index to create')
    for spec in specs:
        _check_index_spec(spec)
        # Conflicts first: like mongod, a command that cannot create all creates none.
        collection.index_exists(spec)
    _check_options(collection, call.body)
    created_automatically = not collection.exists
    before = len(collection.index_specs()) if collection.exists else 1
    created = False
    for spec in specs:
        try:
            created = collection.create_index_from_spec(spec) or created
        except OperationFailure as error:
            if error.code:
                raise
            raise CommandError(85, str(error)) from None
    reply = {'createdCollectionAutomatically': created_automatically,
             'numIndexesBefore': before, 'numIndexesAfter': len(collection.index_specs())}
    if not created:
        reply['note'] = 'all indexes already exist'
    return reply


def _check_index_spec(spec):
    if not isinstance(spec, dict) or not isinstance(spec.get('key'), dict) or not spec['key']:
        raise CommandError(9, f'Error in specification {spec!r}: the key must be a non-empty document')
    if not isinstance(spec.get('name'), str) or not spec['name']:
        raise CommandError(9, f"Error in specification {spec!r} :: caused by :: "
                              "The 'name' field is a required property of an index specification")
    for field in spec:
        if field in _UNSUPPORTED_INDEX_OPTIONS:
            raise CommandError(238, f"mongo_standin does not support the index option '{field}'")
        if field not in _INDEX_FIELDS:
            raise CommandError(197, f"The field '{field}' is not valid for an index specification. "
                                    f'Specification: {spec!r}')
    ttl = spec.get('expireAfterSeconds')
    if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or ttl < 0):
        raise CommandError(2, f'TTL index \'expireAfterSeconds\' option must be a non-negative number, found {ttl!r}')
    for direction in spec['key'].values():
        if isinstance(direction, str):
            raise CommandError(238, f"mongo_standin does not support '{direction}' indexes")
        if isinstance(direction, bool) or not isinstance(direction, (int, float)) or direction == 0:
            raise CommandError(67, 'Values in the index key pattern can only be numbers or strings, '
                                   f'and numbers must not be zero; found {direction!r}')


@command('listIndexes')
def list_indexes(commands, call):
    specs = commands.existing_collection(call).index_specs()
    return {'cursor': commands.cursors.first_batch(
        call.namespace, specs, call.body.get('cursor', {}).get('batchSize'))}


@command('dropIndexes', 'deleteIndexes', writes=True)
def drop_indexes(commands, call):
    collection = commands.existing_collection(call)
    specs = collection.index_specs()
    wanted = call.body.get('index')
    if wanted == '*':
        collection.drop_indexes()
        return {'nIndexesWas': len(specs)}
    if isinstance(wanted, dict):
        names = [spec['name'] for spec in specs if spec['key'] == wanted]
        if not names:
            raise CommandError(27, f"can't find index with key: {wanted}")
    else:
        names = wanted if isinstance(wanted, list) else [wanted]
    existing = {spec['name'] for spec in specs}
    for name in names:
        if name == '_id_':
            raise CommandError(72, 'cannot drop _id index')
        if name not in existing:
            raise CommandError(27, f'index not found with name [{name}]')
    for name in names:
        collection.drop_index(name)
    return {'nIndexesWas': len(specs)}


@command('create', writes=True)
def create(commands, call):
    if commands.collection(call).exists:
        raise CommandError(48, f'Collection already exists. NS: {call.namespace}')
    commands.engine.client[call.db].create_collection(call.collection_name)
    return {}


@command('drop', writes=True)
def drop(commands, call):
    # Drivers that tolerate dropping a missing collection look for mongod's exact words.
    collection = commands.existing_collection(call, 'ns not found')
    indexes_were = len(collection.index_specs())
    collection.drop()
    return {'ns': call.namespace, 'nIndexesWas': indexes_were}


@command('dropDatabase', writes=True)
def drop_database(commands, call):
    commands.engine.client.drop_database(call.db)
    return {'dropped': call.db}


@command('listCollections')
def list_collections(commands, call):
    name_only = call.body.get('nameOnly', False)
    entries = []
    for name in sorted(commands.engine.client[call.db].list_collection_names()):
        entry = {'name': name, 'type': 'collection'}
        if not name_only:
            entry.update(options={}, info={'readOnly': False}, idIndex=_ID_INDEX)
        entries.append(entry)
    return {'cursor': commands.cursors.first_batch(
        f'{call.db}.$cmd.listCollections', _matching(entries, call.body.get('filter')),
        call.body.get('cursor', {}).get('batchSize'))}


@command('listDatabases')
def list_databases(commands, call):
    entries = [{'name': name} if call.body.get('nameOnly') else
               {'name': name, 'sizeOnDisk': 0, 'empty': False}
               for name in sorted(commands.engine.client.list_database_names())]
    return {'databases': _matching(entries, call.body.get('filter')), 'totalSize': 0}


def _matching(entries, query):
    return [entry for entry in entries if filtering.filter_applies(query or {}, entry)]

"""The stand-in as drivers see it: a real process on a loopback port, driven by pymongo."""

import datetime
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

import bson
import pymongo
import pytest
from bson.int64 import Int64
from pymongo.errors import DuplicateKeyError, OperationFailure
from pymongo.write_concern import WriteConcern

SCRIPTS = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


class StandIn:
    def __init__(self, dbpath, *arguments):
        self.dbpath = dbpath
        self.arguments = arguments
        self.port = free_port()
        self.process = None

    def start(self):
        log = self.dbpath / 'standin.log'
        with log.open('ab') as output:
            self.process = subprocess.Popen(
                [sys.executable, '-m', 'mongo_standin', '--port', str(self.port),
                 '--dbpath', str(self.dbpath), *self.arguments],
                cwd=SCRIPTS, env={'PYTHONPATH': str(SCRIPTS)}, stderr=output)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(('127.0.0.1', self.port), timeout=0.1).close()
                return self
            except OSError:
                assert self.process.poll() is None, log.read_text()
                time.sleep(0.02)
        raise TimeoutError('the stand-in did not start listening')

    def client(self):
        return pymongo.MongoClient(f'mongodb://127.0.0.1:{self.port}/',
                                   serverSelectionTimeoutMS=5000)

    def terminate(self):
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=10)


@pytest.fixture(scope='module')
def standin(tmp_path_factory):
    server = StandIn(tmp_path_factory.mktemp('db')).start()
    yield server
    server.terminate()


@pytest.fixture
def db(standin, request):
    client = standin.client()
    yield client[request.node.name]
    client.close()


def test_crud_round_trip(db):
    db.items.insert_many([{'_id': i, 'n': i, 'tags': ['a']} for i in range(5)])
    assert db.items.find_one({'_id': 3}) == {'_id': 3, 'n': 3, 'tags': ['a']}
    changed = db.items.update_one({'_id': 1}, {'$set': {'x': 1}, '$inc': {'n': 10}})
    assert changed.modified_count == 1
    assert db.items.find_one({'_id': 1}) == {'_id': 1, 'n': 11, 'tags': ['a'], 'x': 1}
    assert db.items.replace_one({'_id': 2}, {'only': True}).matched_count == 1
    assert db.items.find_one({'_id': 2}) == {'_id': 2, 'only': True}
    upsert = db.items.update_one({'_id': 9}, {'$push': {'tags': 'b'}}, upsert=True)
    assert upsert.upserted_id == 9
    assert db.items.update_many({'n': {'$lt': 5}}, {'$unset': {'tags': ''}}).modified_count == 3
    assert db.items.delete_one({'_id': 0}).deleted_count == 1
    assert db.items.delete_many({'n': {'$gte': 3}}).deleted_count == 3
    assert [doc['_id'] for doc in db.items.find(sort=[('_id', 1)])] == [2, 9]
    assert db.items.distinct('tags') == ['b']


def test_bson_types_survive(db):
    when = datetime.datetime(2024, 5, 6, 7, 8, 9, 123000)
    document = {'_id': bson.ObjectId(), 'double': 1.5, 'string': 'é', 'doc': {'a': Int64(1)},
                'array': [1, Int64(2), None], 'bool': False, 'date': when, 'null': None,
                'int32': 7, 'int64': Int64(7), 'big': Int64(2**40)}
    db.types.insert_one(document)
    stored = db.types.find_one({'_id': document['_id']})
    assert bson.encode(stored) == bson.encode(document)
    assert type(stored['int64']) is Int64 and type(stored['int32']) is int
    assert db.types.find_one({'date': when})['_id'] == document['_id']


def test_unique_index_rejects_duplicates(db):
    assert db.users.create_index('username', unique=True) == 'username_1'
    assert db.users.create_index('username', unique=True) == 'username_1'
    db.users.insert_one({'username': 'alice'})
    with pytest.raises(DuplicateKeyError) as raised:
        db.users.insert_one({'username': 'alice'})
    assert raised.value.code == 11000
    assert (f'E11000 duplicate key error collection: {db.name}.users index: username_1 '
            'dup key: { username: "alice" }') in str(raised.value)
    bob = db.users.insert_one({'username': 'bob'}).inserted_id
    with pytest.raises(DuplicateKeyError):
        db.users.update_one({'_id': bob}, {'$set': {'username': 'alice'}})
    with pytest.raises(DuplicateKeyError):
        db.users.insert_one({'_id': bob, 'username': 'carol'})
    assert db.users.find_one({'_id': bob})['username'] == 'bob'
    indexes = {index['name']: index for index in db.users.list_indexes()}
    assert indexes['username_1']['unique'] and set(indexes) == {'_id_', 'username_1'}


def test_unordered_insert_reports_each_failure(db):
    db.letters.insert_one({'_id': 'b'})
    with pytest.raises(pymongo.errors.BulkWriteError) as raised:
        db.letters.insert_many([{'_id': 'a'}, {'_id': 'b'}, {'_id': 'c'}], ordered=False)
    assert raised.value.details['nInserted'] == 2
    assert [(e['index'], e['code']) for e in raised.value.details['writeErrors']] == [(1, 11000)]


def test_get_more_returns_every_document(db):
    db.many.insert_many([{'_id': i} for i in range(250)])
    assert [doc['_id'] for doc in db.many.find().sort('_id', 1)] == list(range(250))
    assert len(list(db.many.find(batch_size=7))) == 250
    assert len(list(db.many.find(limit=120))) == 120


def test_count_documents(db):
    db.counted.insert_many([{'_id': i, 'even': i % 2 == 0} for i in range(30)])
    assert db.counted.count_documents({}) == 30
    assert db.counted.count_documents({'even': True}) == 15
    assert db.counted.count_documents({'even': True}, skip=5, limit=4) == 4
    assert db.counted.count_documents({'_id': 3}) == 1
    assert db.counted.estimated_document_count() == 30


def test_find_one_and_update(db):
    db.jobs.insert_many([{'_id': 1, 'state': 'new', 'p': 2}, {'_id': 2, 'state': 'new', 'p': 1}])
    taken = db.jobs.find_one_and_update(
        {'state': 'new'}, {'$set': {'state': 'taken'}}, sort=[('p', 1)],
        return_document=pymongo.ReturnDocument.AFTER, projection={'state': 1})
    assert taken == {'_id': 2, 'state': 'taken'}
    before = db.jobs.find_one_and_update({'_id': 1}, {'$set': {'state': 'done'}})
    assert before['state'] == 'new'
    created = db.jobs.find_one_and_update(
        {'_id': 3}, {'$set': {'state': 'new'}}, upsert=True,
        return_document=pymongo.ReturnDocument.AFTER)
    assert created == {'_id': 3, 'state': 'new'}
    assert db.jobs.find_one_and_delete({'_id': 3}) == created
    assert db.jobs.find_one_and_update({'_id': 42}, {'$set': {'x': 1}}) is None


def test_aggregate_and_commands(db):
    db.sales.insert_many([{'k': 'a', 'v': 1}, {'k': 'a', 'v': 2}, {'k': 'b', 'v': 5}])
    totals = db.sales.aggregate([{'$group': {'_id': '$k', 't': {'$sum': '$v'}}},
                                 {'$sort': {'_id': 1}}])
    assert list(totals) == [{'_id': 'a', 't': 3}, {'_id': 'b', 't': 5}]
    assert db.command('buildInfo')['version'] == '6.0.0'
    assert 'sales' in db.list_collection_names()
    with pytest.raises(OperationFailure) as raised:
        db.command('frobnicate')
    assert raised.value.code == 59
    db.sales.drop()
    with pytest.raises(OperationFailure) as raised:
        db.command('drop', 'sales')
    assert raised.value.code == 26


def test_fire_and_forget_writes(db):
    # w=0 writes are OP_MSG with moreToCome: the server must not reply.
    db.quiet.with_options(write_concern=WriteConcern(w=0)).insert_one({'_id': 1})
    assert db.quiet.find_one({'_id': 1}) == {'_id': 1}


def exchange(port, op_code, body):
    """Send one raw message; returns the reply's (responseTo, opCode, body)."""
    with socket.create_connection(('127.0.0.1', port)) as connection:
        connection.sendall(struct.pack('<iiii', 16 + len(body), 7, 0, op_code) + body)
        reply = b''
        while len(reply) < 16 or len(reply) < struct.unpack_from('<i', reply)[0]:
            reply += connection.recv(65536)
    _, _, response_to, reply_op_code = struct.unpack_from('<iiii', reply)
    return response_to, reply_op_code, reply[16:]


def test_op_query_handshake(standin):
    # libmongoc's handshake and heartbeats: OP_QUERY on admin.$cmd, answered with OP_REPLY.
    query = bson.encode({'isMaster': 1})
    body = struct.pack('<i', 0) + b'admin.$cmd\0' + struct.pack('<ii', 0, -1) + query
    response_to, op_code, payload = exchange(standin.port, 2004, body)
    assert (response_to, op_code) == (7, 1)
    reply = bson.decode(payload[20:])
    assert reply['ismaster'] is True and reply['maxWireVersion'] == 17
    assert 'topologyVersion' not in reply


def test_op_msg_document_sequence_and_checksum(standin, db):
    # libmongoc sends insert's documents as a kind-1 section; the trailing
    # CRC-32C (flag bit 0) is not checked, only skipped.
    command = bson.encode({'insert': 'sequenced', '$db': db.name})
    documents = b''.join(bson.encode({'_id': i}) for i in range(3))
    sequence = b'documents\0' + documents
    body = (struct.pack('<I', 1) + b'\0' + command
            + b'\1' + struct.pack('<i', 4 + len(sequence)) + sequence + b'CRC!')
    _, op_code, payload = exchange(standin.port, 2013, body)
    assert op_code == 2013
    assert bson.decode(payload[5:]) == {'n': 3, 'ok': 1.0}
    assert db.sequenced.count_documents({}) == 3


def test_malformed_message_closes_only_that_connection(standin, db):
    with socket.create_connection(('127.0.0.1', standin.port)) as connection:
        connection.sendall(struct.pack('<iiii', 20, 1, 0, 2013) + b'\xff\xff\xff\xff')
        assert connection.recv(1) == b''
    assert db.command('ping')['ok'] == 1


def test_listens_on_loopback_only(standin):
    listening = []
    for table in ('/proc/net/tcp', '/proc/net/tcp6'):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port = local.split(':')
            if state == '0A' and int(port, 16) == standin.port:  # 0A: LISTEN
                listening.append(address)
    assert listening == ['0100007F']  # 127.0.0.1, little-endian


def test_data_survives_restart(tmp_path):
    server = StandIn(tmp_path).start()
    with server.client() as client:
        client.app.users.create_index('email', unique=True)
        client.app.users.insert_many([{'email': f'{i}@x', 'n': Int64(i)} for i in range(3)])
        client.app.create_collection('empty')
    assert server.terminate() == 0

    server.start()
    try:
        with server.client() as client:
            assert client.app.users.count_documents({}) == 3
            assert type(client.app.users.find_one({'email': '2@x'})['n']) is Int64
            assert 'empty' in client.app.list_collection_names()
            with pytest.raises(DuplicateKeyError):
                client.app.users.insert_one({'email': '1@x'})
    finally:
        assert server.terminate() == 0

"""What the stand-in keeps on disk: acknowledged writes survive kill -9, bad data files are
refused at start-up, a full disk fails the write, old data files are migrated."""

import signal
import subprocess
import sys

import bson
import pytest
from bson.int64 import Int64
from pymongo.errors import DuplicateKeyError
from pymongo.write_concern import WriteConcern
from test_standin import SCRIPTS, StandIn

from mongo_standin.commands import Commands
from mongo_standin.cursors import Cursors
from mongo_standin.engine import Engine
from mongo_standin.store import Store


def test_acknowledged_writes_survive_kill_9(tmp_path):
    server = StandIn(tmp_path).start()
    with server.client() as client:
        trips = client.app.trips
        trips.create_index([('owner', 1), ('created_at', -1), ('_id', -1)])
        for i in range(60):
            trips.insert_one({'_id': i, 'owner': i % 3, 'n': Int64(i)})
        for i in range(0, 60, 2):
            trips.update_one({'_id': i}, {'$inc': {'n': 1000}, '$set': {'even': True}})
        for i in range(0, 60, 5):
            trips.delete_one({'_id': i})
        # Journaled (fsynced) commits take the same path.
        trips.with_options(write_concern=WriteConcern(j=True)).insert_one({'_id': 100, 'owner': 1, 'n': Int64(1)})
        client.app.users.create_index('username', unique=True)
        client.app.users.insert_one({'username': 'ann'})
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(timeout=10)

    server.start()
    try:
        with server.client() as client:
            trips = client.app.trips
            expected = {i: Int64(i + 1000 if i % 2 == 0 else i) for i in range(60) if i % 5} | {100: Int64(1)}
            assert {doc['_id']: doc['n'] for doc in trips.find()} == expected
            assert all(type(doc['n']) is Int64 for doc in trips.find())
            assert trips.count_documents({'even': True}) == sum(1 for i in expected if i % 2 == 0 and i != 100)
            assert [doc['_id'] for doc in trips.find({'owner': 1}).sort([('created_at', -1), ('_id', -1)])] \
                == sorted((i for i in expected if i % 3 == 1), reverse=True)
            with pytest.raises(DuplicateKeyError):
                client.app.users.insert_one({'username': 'ann'})
    finally:
        server.terminate()


def run_standin(dbpath):
    return subprocess.run(
        [sys.executable, '-m', 'mongo_standin', '--port', '0', '--dbpath', str(dbpath)],
        cwd=SCRIPTS, env={'PYTHONPATH': str(SCRIPTS)}, capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize('damage', ['truncated', 'garbage'])
def test_damaged_data_file_is_refused_at_start(tmp_path, damage):
    server = StandIn(tmp_path).start()
    with server.client() as client:
        client.app.things.insert_many([{'_id': i, 'pad': 'x' * 2000} for i in range(200)])
    server.terminate()
    data = tmp_path / 'standin.sqlite'
    content = data.read_bytes()
    data.write_bytes(content[:len(content) // 3] if damage == 'truncated' else b'not a database' * 300)
    result = run_standin(tmp_path)
    assert result.returncode == 1
    assert 'standin.sqlite' in result.stderr
    assert 'ERROR' in result.stderr


def test_unusable_dbpath_is_refused_at_start(tmp_path):
    # Permissions cannot make a directory unwritable for root, which tests may run as;
    # a path that cannot be a directory, or a data file that cannot be opened, fail alike.
    not_a_directory = tmp_path / 'file'
    not_a_directory.write_text('')
    result = run_standin(not_a_directory)
    assert result.returncode == 1 and 'ERROR' in result.stderr and str(not_a_directory) in result.stderr
    (tmp_path / 'db' / 'standin.sqlite').mkdir(parents=True)
    result = run_standin(tmp_path / 'db')
    assert result.returncode == 1 and 'standin.sqlite' in result.stderr and 'unable to open' in result.stderr


def test_a_full_disk_fails_the_write_and_keeps_nothing_of_it(tmp_path):
    store = Store(tmp_path)
    engine = Engine()
    store.load(engine)
    commands = Commands(engine, Cursors(), lambda journal: store.save(engine, journal))
    assert commands.run('app', {'insert': 'big', 'documents': [{'_id': 0, 'pad': 'x'}]}, 1)['n'] == 1
    # SQLite reports SQLITE_FULL once the file may not grow any more: a full disk, as it sees it.
    store._db.execute('PRAGMA max_page_count = ' + str(store._db.execute('PRAGMA page_count').fetchone()[0]))
    reply = commands.run('app', {'insert': 'big', 'documents': [{'_id': i, 'pad': 'x' * 100_000}
                                                                  for i in range(1, 4)]}, 1)
    assert reply['ok'] == 0 and reply['code'] == 14031 and 'full' in reply['errmsg']
    found = commands.run('app', {'find': 'big', 'filter': {}}, 1)['cursor']['firstBatch']
    assert found == [{'_id': 0, 'pad': 'x'}]
    store._db.execute('PRAGMA max_page_count = 1073741823')
    assert commands.run('app', {'insert': 'big', 'documents': [{'_id': 1}]}, 1)['n'] == 1
    store.close()

    reopened, engine = Store(tmp_path), Engine()
    reopened.load(engine)
    assert sorted(doc['_id'] for doc in engine.collection('app', 'big').find()) == [0, 1]
    reopened.close()


def test_old_data_file_is_migrated(tmp_path):
    # The format of earlier versions: per collection, its indexes and its documents.
    legacy = tmp_path / 'standin.bson'
    legacy.write_bytes(bson.encode({
        'db': 'app', 'collection': 'users',
        'indexes': [{'v': 2, 'key': {'_id': 1}, 'name': '_id_'},
                    {'v': 2, 'key': {'username': 1}, 'name': 'username_1', 'unique': True}],
        'documents': [{'_id': bson.ObjectId(), 'username': f'user{i}', 'n': Int64(i)} for i in range(5)],
    }) + bson.encode({'db': 'app', 'collection': 'empty', 'indexes': [], 'documents': []}))
    server = StandIn(tmp_path).start()
    try:
        with server.client() as client:
            assert client.app.users.count_documents({}) == 5
            assert type(client.app.users.find_one({'username': 'user3'})['n']) is Int64
            assert 'empty' in client.app.list_collection_names()
            with pytest.raises(DuplicateKeyError):
                client.app.users.insert_one({'username': 'user1'})
    finally:
        server.terminate()
    assert not legacy.exists() and (tmp_path / 'standin.bson.migrated').exists()
    server.start()
    try:
        with server.client() as client:
            assert client.app.users.count_documents({}) == 5
    finally:
        server.terminate()

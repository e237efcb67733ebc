"""Indexes narrow the work without changing answers, and the stand-in answers as mongod does
where index options, unsupported options, $inc types and distinct are concerned."""

import datetime
import random
import time

import bson
import pymongo
import pytest
from bson.int64 import Int64
from bson.max_key import MaxKey
from bson.min_key import MinKey
from pymongo.errors import DuplicateKeyError, OperationFailure
from test_standin import StandIn

from mongo_standin.engine import Engine
from mongo_standin.indexes import Index, ParallelArrays, component

NAMES = ['Paris', 'Lyon', 'Nice', 'paris', 'Oslo']


def random_trip(rng, owners, doc_id):
    trip = {'_id': doc_id, 'owner': rng.choice(owners),
            'created_at': datetime.datetime(2024, 1, 1) + datetime.timedelta(minutes=rng.randrange(50)),
            'waypoints': [{'name': rng.choice(NAMES), 'lat': rng.choice([1, 1.0, Int64(1), 2])}
                          for _ in range(rng.randrange(4))]}
    if rng.random() < 0.2:
        del trip['owner']
    if rng.random() < 0.1:
        trip['owner'] = [rng.choice(owners), rng.choice(owners)]
    if rng.random() < 0.2:
        trip['waypoints'] = {'name': rng.choice(NAMES)}
    if rng.random() < 0.05:
        trip['created_at'] = [trip['created_at'], datetime.datetime(2024, 1, 1, 0, rng.randrange(50))]
    return trip


def random_query(rng, owners):
    query = {}
    if rng.random() < 0.8:
        # Not true: mongomock matches it to 1, as Python's == does, where mongod (and so the
        # index) does not.
        query['owner'] = rng.choice(owners + [Int64(1), 1.0, 'x'])
    if rng.random() < 0.5:
        query['waypoints.name'] = rng.choice(NAMES)
    if rng.random() < 0.3:
        query['waypoints.lat'] = {'$eq': rng.choice([1, 2.0])}
    if rng.random() < 0.4:
        moment = datetime.datetime(2024, 1, 1) + datetime.timedelta(minutes=rng.randrange(50))
        later = moment + datetime.timedelta(minutes=rng.randrange(20))
        query['$or'] = rng.choice([
            [{'created_at': {'$lt': moment}}, {'created_at': moment, '_id': {'$lt': rng.randrange(300)}}],
            [{'created_at': {'$lte': moment}}, {'created_at': {'$gt': later}}],
            [{'created_at': {'$gte': later}}, {'created_at': moment}],
            [{'created_at': {'$lt': moment}}, {'created_at': later}],
        ])
    if rng.random() < 0.3:
        moment = datetime.datetime(2024, 1, 1) + datetime.timedelta(minutes=rng.randrange(50))
        query['created_at'] = {rng.choice(['$lt', '$lte', '$gt', '$gte', '$eq']): moment}
    if rng.random() < 0.2:
        query = {'$and': [query, {'created_at': {'$gte': datetime.datetime(2024, 1, 1, 0, 10)}}]}
    return query


def test_index_narrowing_finds_what_a_full_scan_finds():
    rng = random.Random(14)
    owners = [bson.ObjectId() for _ in range(4)] + [1, 2]
    engine = Engine()
    indexed, scanned = engine.collection('db', 'indexed'), engine.collection('db', 'scanned')
    for spec in ({'key': {'owner': 1, 'created_at': -1, '_id': -1}, 'name': 'page'},
                 {'key': {'owner': 1, 'waypoints.name': 1, 'created_at': -1, '_id': -1}, 'name': 'places'},
                 {'key': {'waypoints.lat': 1}, 'name': 'lat'}):
        indexed.create_index_from_spec(spec)
    next_id = 0
    for round_number in range(40):
        # Writes of every kind between the rounds of queries: the indexes must follow them.
        for _ in range(rng.randrange(1, 15)):
            trip = random_trip(rng, owners, next_id)
            next_id += 1
            try:
                indexed.insert_one(dict(trip))
            except ParallelArrays:
                continue  # refused, as mongod refuses it: the scan must not have it either
            scanned.insert_one(dict(trip))
        change = rng.choice([{'$set': {'owner': rng.choice(owners)}},
                             {'$push': {'waypoints': {'name': rng.choice(NAMES)}}},
                             {'$unset': {'owner': ''}}])
        target = {'_id': rng.randrange(next_id)}
        for collection in (indexed, scanned):
            try:
                collection.update_one(target, change)
            except AttributeError:
                pass  # mongomock's $push onto a document fails, for both alike
            except ParallelArrays:
                break
        if round_number % 3 == 0:
            gone = {'_id': rng.randrange(next_id)}
            indexed.delete_one(gone)
            scanned.delete_one(gone)
        for _ in range(25):
            query = random_query(rng, owners)
            sort = rng.choice([None, [('created_at', -1), ('_id', -1)], [('created_at', 1)], [('_id', 1)]])
            limit = rng.choice([0, 1, 5])
            skip = rng.choice([0, 0, 2])
            got = indexed.find_documents(query, sort=sort, limit=limit, skip=skip)
            expected = scanned.find_documents(query, sort=sort, limit=limit, skip=skip)
            if sort is None or sort == [('created_at', 1)]:
                # Ties (and no sort at all) leave the order open: compare the sets of documents.
                if limit == 0 and skip == 0:
                    assert sorted(got, key=repr) == sorted(expected, key=repr), query
                else:
                    assert len(got) == len(expected), query
            else:
                assert got == expected, (query, sort)
            assert indexed.count_documents(query) == scanned.count_documents(query), query


# Values in MongoDB's order; the values of one inner list compare equal.
ORDERED = [
    [MinKey()], [None], [float('nan'), float('-inf')], [Int64(-2 ** 63)], [-1.5], [0, -0.0, Int64(0)], [1, 1.0],
    [2 ** 53], [Int64(2 ** 53 + 1)], [2.0 ** 53 + 2], [Int64(2 ** 63 - 1)], [float('inf')],
    [''], ['a'], ['a\x00'], ['a\x00b'], ['a\x01'], ['b'], ['é'], ['\U0001F600'],
    [bson.ObjectId('000000000000000000000000')], [bson.ObjectId('ffffffffffffffffffffffff')],
    [False], [True],
    [datetime.datetime(1969, 12, 31)], [datetime.datetime(1970, 1, 1, 0, 0, 0, 1000)], [datetime.datetime(2024, 1, 1)],
    [MaxKey()],
]


def test_components_sort_in_mongodb_order_and_none_is_a_prefix_of_another():
    groups = [{component(value) for value in group} for group in ORDERED]
    assert all(len(group) == 1 for group in groups), groups
    keys = [group.pop() for group in groups]
    assert keys == sorted(keys)
    for key in keys:
        assert not any(other != key and other.startswith(key) for other in keys), key
    # Joined, they sort as sequences of components do, whatever their lengths.
    pairs = [(first, second) for first in keys for second in keys[::5]]
    assert sorted(pairs) == sorted(pairs, key=b''.join)


def test_equality_visits_only_matching_documents():
    engine = Engine()
    trips = engine.collection('db', 'trips')
    trips.create_index_from_spec({'key': {'owner': 1, 'created_at': -1, '_id': -1}, 'name': 'page'})
    trips.create_index_from_spec({'key': {'owner': 1, 'waypoints.name': 1}, 'name': 'places'})
    for i in range(2000):
        trips.insert_one({'_id': i, 'owner': i % 100, 'created_at': datetime.datetime(2024, 1, 1, 0, 0, i % 60),
                          'waypoints': [{'name': f'p{i % 7}'}, {'name': 'home'}]})
    visited = []
    original = trips._store._documents.__class__.__getitem__

    class Counting(type(trips._store._documents)):
        def __getitem__(self, key):
            visited.append(key)
            return original(self, key)

    trips._store._documents = Counting(trips._store._documents)
    page = trips.find_documents({'owner': 7}, sort=[('created_at', -1), ('_id', -1)], limit=5)
    assert len(page) == 5 and len(visited) == 5
    visited.clear()
    assert len(list(trips.find({'owner': 7, 'waypoints.name': 'p0'}))) == 3
    assert len(visited) == 3


def test_unique_index_checks_by_lookup():
    index = Index('u', {'key': [('token', 1)], 'unique': True},
                  [(i, {'_id': i, 'token': f't{i}'}) for i in range(5)])
    index.add(9, index.entries({'_id': 9, 'token': 't3'}))
    assert index.clashes(9) == component('t3')
    index.remove(9)
    index.add(9, index.entries({'_id': 9, 'token': ['t8', 't9']}))
    assert index.clashes(9) is None and index.multikey


@pytest.fixture(scope='module')
def standin(tmp_path_factory):
    server = StandIn(tmp_path_factory.mktemp('db'), '--ttl-interval', '0.2').start()
    yield server
    server.terminate()


@pytest.fixture
def db(standin, request):
    client = standin.client()
    yield client[request.node.name]
    client.close()


def test_index_conflicts_answer_as_mongod(db):
    assert db.trips.create_index([('owner', 1), ('created_at', -1)]) == 'owner_1_created_at_-1'
    again = db.command('createIndexes', 'trips', indexes=[
        {'key': {'owner': 1, 'created_at': -1}, 'name': 'owner_1_created_at_-1'}])
    assert again['note'] == 'all indexes already exist'
    assert again['numIndexesBefore'] == again['numIndexesAfter'] == 2
    with pytest.raises(OperationFailure) as raised:
        db.trips.create_index([('owner', 1), ('created_at', -1)], name='other_name')
    assert raised.value.code == 85 and 'owner_1_created_at_-1' in str(raised.value)
    with pytest.raises(OperationFailure) as raised:
        db.trips.create_index([('owner', 1)], name='owner_1_created_at_-1')
    assert raised.value.code == 86
    with pytest.raises(OperationFailure) as raised:
        db.trips.create_index([('owner', 1), ('created_at', -1)], unique=True)
    assert raised.value.code == 85
    with pytest.raises(OperationFailure) as raised:
        db.trips.create_index([('title', 'text')])
    assert raised.value.code == 238
    with pytest.raises(OperationFailure) as raised:
        db.trips.create_index([('title', 1)], collation={'locale': 'fr'})
    assert raised.value.code == 238
    with pytest.raises(OperationFailure) as raised:
        db.trips.create_indexes([pymongo.IndexModel('title'), pymongo.IndexModel([('owner', 1)], name='owner_1_created_at_-1')])
    assert raised.value.code == 86
    with pytest.raises(OperationFailure) as raised:
        db.trips.create_index('ends', expireAfterSeconds='soon')
    assert raised.value.code == 2
    assert sorted(index['name'] for index in db.trips.list_indexes()) == ['_id_', 'owner_1_created_at_-1']


def test_parallel_arrays_are_refused_as_mongod_refuses_them(db):
    db.pairs.create_index([('a', 1), ('b', 1)])
    for document in ({'_id': 1, 'a': [1, 2], 'b': [3, 4]}, {'_id': 1, 'a': [1], 'b': [[2]]}):
        with pytest.raises(OperationFailure) as raised:
            db.pairs.insert_one(document)
        assert raised.value.code == 171 and 'cannot index parallel arrays' in str(raised.value)
    db.pairs.insert_one({'_id': 1, 'a': [1, 2], 'b': 3})
    with pytest.raises(OperationFailure) as raised:
        db.pairs.update_one({'_id': 1}, {'$set': {'b': [3]}})
    assert raised.value.code == 171
    with pytest.raises(OperationFailure) as raised:
        db.pairs.replace_one({'_id': 1}, {'a': [1], 'b': [2]})
    assert raised.value.code == 171
    with pytest.raises(OperationFailure) as raised:
        db.pairs.update_one({'_id': 2}, {'$set': {'a': [1], 'b': [2]}}, upsert=True)
    assert raised.value.code == 171
    assert list(db.pairs.find()) == [{'_id': 1, 'a': [1, 2], 'b': 3}]
    assert list(db.pairs.find({'b': 3})) == [{'_id': 1, 'a': [1, 2], 'b': 3}]
    # One array reached by both fields is not parallel.
    db.shared.create_index([('a.b', 1), ('a.c', 1)])
    db.shared.insert_one({'_id': 1, 'a': [{'b': 1, 'c': 2}, {'b': 3, 'c': 4}]})
    assert db.shared.count_documents({'a.b': 3}) == 1
    # An index the documents cannot have is not created.
    db.loose.insert_one({'_id': 1, 'x': [1, 2], 'y': [3, 4]})
    with pytest.raises(OperationFailure) as raised:
        db.loose.create_index([('x', 1), ('y', 1)])
    assert raised.value.code == 171
    assert [index['name'] for index in db.loose.list_indexes()] == ['_id_']


def test_ttl_index_expires_documents(db):
    db.sessions.create_index('expires', expireAfterSeconds=0)
    past = datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=5)
    future = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    db.sessions.insert_many([{'_id': 'old', 'expires': past}, {'_id': 'new', 'expires': future},
                             {'_id': 'several', 'expires': [future, past]}, {'_id': 'text', 'expires': 'x'}])
    deadline = time.monotonic() + 5
    while db.sessions.count_documents({}) > 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(doc['_id'] for doc in db.sessions.find()) == ['new', 'text']


def test_unsupported_options_are_refused(db):
    db.items.create_index('k')
    db.items.insert_many([{'_id': i, 'k': i} for i in range(3)])
    refusals = [
        (lambda: list(db.items.find({}, collation={'locale': 'fr'})), 238),
        (lambda: db.items.update_one({'_id': 1}, {'$set': {'k': 5}}, let={'x': 1}), 238),
        (lambda: list(db.items.find({}, hint='no_such_index')), 2),
        (lambda: db.items.delete_one({'_id': 1}, hint='no_such_index'), 2),
        (lambda: db.items.update_one({'_id': 1}, {'$set': {'k': 5}}, collation={'locale': 'fr'}), 238),
        (lambda: db.command('update', 'items', updates=[{'q': {}, 'u': {'$set': {'k': 1}}, 'sort': {'k': 1}}]),
         40415),
        (lambda: db.items.find_one_and_update({'_id': 1}, {'$set': {'k': 5}}, hint='nope'), 2),
        (lambda: list(db.items.aggregate([{'$match': {}}], let={'x': 1})), 238),
    ]
    for attempt, code in refusals:
        try:
            result = attempt()
        except OperationFailure as error:
            assert error.code == code, attempt
        else:
            # A raw update command reports its statements' failures in writeErrors.
            assert result['writeErrors'][0]['code'] == code, attempt
    assert [doc['k'] for doc in db.items.find(sort=[('_id', 1)])] == [0, 1, 2]
    assert len(list(db.items.find({'k': 1}, hint='k_1'))) == 1
    assert len(list(db.items.find({'k': 1}, hint=[('k', 1)]))) == 1


def test_inc_keeps_number_types(db):
    db.counters.insert_one({'_id': 1, 'long': Int64(5), 'int': 7, 'big': 2**31 - 1, 'double': 1.5})
    db.counters.update_one({'_id': 1}, {'$inc': {'long': 1, 'int': 1, 'big': 1, 'double': 1, 'new': Int64(2)}})
    stored = db.counters.find_one({'_id': 1})
    assert (type(stored['long']), stored['long']) == (Int64, 6)
    assert (type(stored['int']), stored['int']) == (int, 8)
    assert (type(stored['big']), stored['big']) == (Int64, 2**31)
    assert (type(stored['double']), stored['double']) == (float, 2.5)
    assert type(stored['new']) is Int64
    after = db.counters.find_one_and_update({'_id': 2}, {'$inc': {'hits': Int64(1)}}, upsert=True,
                                            return_document=pymongo.ReturnDocument.AFTER)
    assert type(after['hits']) is Int64
    db.counters.update_one({'_id': 1}, {'$set': {'text': 'a'}})
    with pytest.raises(OperationFailure) as raised:
        db.counters.update_one({'_id': 1}, {'$inc': {'text': 1}})
    assert raised.value.code == 14


def test_distinct_is_sorted(db):
    db.values.insert_many([{'v': value} for value in ['b', 3, 'a', 1.5, None, True, [2, 'c']]])
    assert db.values.distinct('v') == [None, 1.5, 2, 3, 'a', 'b', 'c', True]


def test_find_and_modify_duplicate_key_details(db):
    db.people.create_index('email', unique=True)
    db.people.insert_many([{'_id': 1, 'email': 'a@x'}, {'_id': 2, 'email': 'b@x'}])
    with pytest.raises(DuplicateKeyError) as raised:
        db.people.find_one_and_update({'_id': 2}, {'$set': {'email': 'a@x'}})
    assert raised.value.details['keyPattern'] == {'email': 1}
    assert raised.value.details['keyValue'] == {'email': 'a@x'}
    assert db.people.find_one({'_id': 2})['email'] == 'b@x'


def test_a_failing_update_changes_nothing(db):
    db.partial.create_index('tag')
    db.partial.insert_one({'_id': 1, 'tag': 'a', 'text': 'x'})
    with pytest.raises(OperationFailure) as raised:
        db.partial.update_one({'_id': 1}, {'$set': {'tag': 'b'}, '$inc': {'text': 1}})
    assert raised.value.code == 14
    assert db.partial.find_one({'_id': 1}) == {'_id': 1, 'tag': 'a', 'text': 'x'}
    assert db.partial.count_documents({'tag': 'a'}) == 1 and db.partial.count_documents({'tag': 'b'}) == 0
    with pytest.raises(OperationFailure):
        list(db.partial.find({'tag': 'a', '$frobnicate': 1}))

"""The benchmark's data: one user with TRIPS trips of WAYPOINTS waypoints, made through the API."""

import json
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import snapshot
from api import Api, basic_authorization

USERNAME = 'bench'
TRIPS = 1000
WAYPOINTS = 5
# Enough requests in flight to keep the server busy; the seeding is not what is measured.
SEED_THREADS = 8


def prepare(port, uri, database, state: Path):
    """Fills this run's fresh database; returns (authorization header, owner id, ids file).

    The first run signs the user up, seeds the trips through the API and saves them. A later
    run, on a server with another BCRYPT_COST, loads them and sets the same password again so
    that it is hashed at that server's cost: bcrypt verifies at the cost stored in the hash,
    not at the server's setting.
    """
    credentials_file = state / 'credentials.json'
    ids_file = state / 'ids.txt'
    saved = state / 'snapshot'
    if credentials_file.exists():
        snapshot.load(uri, database, saved)
        credentials = json.loads(credentials_file.read_text())
        authorization = basic_authorization(USERNAME, credentials['password'])
        Api(port, authorization).call('PATCH', '/users', {'password': credentials['password']})
        return authorization, credentials['owner'], ids_file

    password = secrets.token_urlsafe(18)
    _, user = Api(port).call('POST', '/users', {'username': USERNAME, 'password': password}, expect=(201,))
    authorization = basic_authorization(USERNAME, password)
    ids = _create_trips(port, authorization)
    snapshot.save(uri, database, saved)
    ids_file.write_text(''.join(f'{trip_id}\n' for trip_id in ids))
    credentials_file.write_text(json.dumps({'password': password, 'owner': user['_id']}))
    return authorization, user['_id'], ids_file


def _create_trips(port, authorization):
    local = threading.local()

    def create(index):
        if not hasattr(local, 'api'):
            local.api = Api(port, authorization)
        _, trip = local.api.call('POST', '/trips', _trip(index), expect=(201,))
        return trip['_id']

    with ThreadPoolExecutor(SEED_THREADS) as pool:
        return list(pool.map(create, range(TRIPS)))


def _trip(index):
    waypoints = [{'name': f'Stop {stop}', 'latitude': 40 + index % 50 / 10 + stop / 100,
                  'longitude': -3 - index % 70 / 10 - stop / 100}
                 for stop in range(WAYPOINTS)]
    return {'name': f'Trip {index:04d}', 'completed': index % 3 == 0, 'waypoints': waypoints}

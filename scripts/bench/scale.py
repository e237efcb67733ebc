"""How the server's costs grow with the data on the stand-in (`make bench-scale`).

For 1,000, 10,000 and 100,000 stored trips among 10 users, then 100,000 among 1,000 users:
the median of 50 sequential requests of one user's list page 1, page 5 (reached through
`next`), GET /trips/{id} and POST /trips; then the stand-in's start-up time on the largest
data and its resident memory.

Seeding: the users sign up and the first trips (SEED_THROUGH_API of them) are created
through the API; the rest are copies of those documents, as stored by the API, inserted
straight into the database in batches with a new _id, owner, name and timestamps: exactly
what POST /trips would write, minus the hours of HTTP round trips.
"""

import argparse
import copy
import datetime
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import bson
from api import Api, basic_authorization
from pymongo import MongoClient

SAMPLES = 50
LIMIT = 20
SEED_THROUGH_API = 200
BATCH = 1000
PASSWORD = 'bench-scale password'
DATABASE = 'trip_planner_scale'


def free_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def wait_until(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.02)
    raise RuntimeError(f'{what} within {seconds} s')


def accepts(port):
    try:
        socket.create_connection(('127.0.0.1', port), timeout=0.1).close()
        return True
    except OSError:
        return False


def rss_mib(pid):
    for line in Path(f'/proc/{pid}/status').read_text().splitlines():
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
    return float('nan')


class Processes:
    """The stand-in and the server, started and stopped by this script alone."""

    def __init__(self, repo: Path, out: Path):
        self.repo, self.out = repo, out
        self.database = self.server = None
        self.database_port = self.server_port = None

    def start_database(self, dbpath: Path):
        self.database_port = free_port()
        started = time.monotonic()
        self.database = subprocess.Popen(
            [sys.executable, '-m', 'mongo_standin', '--port', str(self.database_port), '--dbpath', str(dbpath)],
            env={**os.environ, 'PYTHONPATH': str(self.repo / 'scripts')},
            stdout=subprocess.DEVNULL, stderr=(self.out / 'scale-standin.log').open('ab'))
        wait_until(lambda: accepts(self.database_port), 60, 'the stand-in did not listen')
        with MongoClient(self.uri, serverSelectionTimeoutMS=60000) as client:
            client.admin.command('ping')
        return time.monotonic() - started

    @property
    def uri(self):
        return f'mongodb://127.0.0.1:{self.database_port}/'

    def start_server(self):
        self.server_port = free_port()
        environment = {**os.environ, 'HOST': '127.0.0.1', 'PORT': str(self.server_port), 'MONGODB_URI': self.uri,
                       'DATABASE': DATABASE, 'BCRYPT_COST': '4', 'LOG_LEVEL': 'warning'}
        self.server = subprocess.Popen(
            [str(self.repo / '.build/release/trip-planner')], env=environment, stdout=subprocess.DEVNULL,
            stderr=(self.out / 'scale-server.log').open('ab'))

        def healthy():
            try:
                return Api(self.server_port).call('GET', '/health', expect=(200, 503))[0] == 200
            except OSError:
                return False
        wait_until(healthy, 60, 'the server was not healthy')

    def stop(self):
        for process in (self.server, self.database):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.server = self.database = None


def trip_body(index):
    return {'name': f'Trip {index}', 'completed': index % 3 == 0,
            'waypoints': [{'name': f'Stop {index % 40 + stop}', 'latitude': 40 + stop / 100,
                           'longitude': -3 - stop / 100} for stop in range(5)]}


class Deployment:
    """Users and their trips, grown size by size."""

    def __init__(self, processes: Processes, users: int):
        self.processes = processes
        self.accounts = []
        for number in range(users):
            username = f'scale{number}'
            _, user = Api(processes.server_port).call(
                'POST', '/users', {'username': username, 'password': PASSWORD}, expect=(201,))
            self.accounts.append((basic_authorization(username, PASSWORD), bson.ObjectId(user['_id'])))
        self.trips = 0
        self.templates = []
        self.clock = datetime.datetime(2025, 1, 1)

    def grow_to(self, trips):
        while self.trips < min(trips, SEED_THROUGH_API):
            authorization, _ = self.accounts[self.trips % len(self.accounts)]
            Api(self.processes.server_port, authorization).call('POST', '/trips', trip_body(self.trips), expect=(201,))
            self.trips += 1
        with MongoClient(self.processes.uri) as client:
            collection = client[DATABASE].trips
            if not self.templates:
                self.templates = list(collection.find().sort('created_at', -1))
                self.clock = self.templates[0]['created_at']
            while self.trips < trips:
                batch = []
                for _ in range(min(BATCH, trips - self.trips)):
                    trip = copy.deepcopy(self.templates[self.trips % len(self.templates)])
                    self.clock += datetime.timedelta(milliseconds=1)
                    trip.update(_id=bson.ObjectId(), owner=self.accounts[self.trips % len(self.accounts)][1],
                                name=f'Trip {self.trips}', created_at=self.clock, updated_at=self.clock)
                    batch.append(trip)
                    self.trips += 1
                collection.insert_many(batch)

    def measure(self):
        authorization, _ = self.accounts[0]
        api = Api(self.processes.server_port, authorization)
        first = f'/trips?limit={LIMIT}'
        url, ids = first, []
        for _ in range(4):
            _, page = api.call('GET', url)
            ids.extend(trip['_id'] for trip in page['trips'])
            url = f'{first}&cursor={page["next"]}'
        fifth = url
        rng = random.Random(14)
        timings = {}
        for label, call in (
                ('list page 1', lambda _: api.call('GET', first)),
                ('list page 5', lambda _: api.call('GET', fifth)),
                ('GET /trips/{id}', lambda _: api.call('GET', f'/trips/{rng.choice(ids)}')),
                ('POST /trips', lambda n: api.call('POST', '/trips', trip_body(n), expect=(201,)))):
            samples = []
            for number in range(SAMPLES):
                started = time.perf_counter()
                call(number)
                samples.append((time.perf_counter() - started) * 1000)
            timings[label] = statistics.median(samples)
        self.trips += SAMPLES
        api.close()
        return timings


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--repo', type=Path, required=True)
    parser.add_argument('--out', type=Path, required=True)
    parser.add_argument('--sizes', default='1000,10000,100000')
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(',')]
    args.out.mkdir(parents=True, exist_ok=True)
    processes = Processes(args.repo, args.out)
    rows, results = [], {}
    try:
        for users, measured_sizes in ((10, sizes), (1000, sizes[-1:])):
            dbpath = args.out / f'scale-db-{users}-users'
            subprocess.run(['rm', '-rf', str(dbpath)], check=True)
            processes.start_database(dbpath)
            processes.start_server()
            deployment = Deployment(processes, users)
            for size in measured_sizes:
                print(f'bench-scale: seeding {size} trips for {users} users', file=sys.stderr)
                deployment.grow_to(size)
                timings = deployment.measure()
                rss = rss_mib(processes.database.pid)
                rows.append((f'{deployment.trips:,}', users, timings, rss))
                results[f'{size}/{users}'] = {'trips': deployment.trips, 'users': users, 'rss_mib': rss, **timings}
                print(f'bench-scale: {size} trips: {json.dumps(timings)}; stand-in RSS {rss:.0f} MiB',
                      file=sys.stderr)
            processes.stop()
            start_up = processes.start_database(dbpath)
            results[f'start-up/{users}'] = {'seconds': start_up, 'rss_mib': rss_mib(processes.database.pid)}
            rows.append((f'start-up with {deployment.trips:,} trips', users,
                         {'start-up s': start_up}, rss_mib(processes.database.pid)))
            processes.stop()
    finally:
        processes.stop()
    (args.out / 'scale-results.json').write_text(json.dumps(results, indent=2))
    labels = ['list page 1', 'list page 5', 'GET /trips/{id}', 'POST /trips']
    print('| trips stored | users | ' + ' | '.join(labels) + ' | stand-in RSS |')
    print('|---|---|' + '---|' * len(labels) + '---|')
    for trips, users, timings, rss in rows:
        if 'start-up s' in timings:
            print(f'| {trips} | {users} | start-up {timings["start-up s"]:.2f} s |' + ' |' * (len(labels) - 1)
                  + f' {rss:.0f} MiB |')
        else:
            print(f'| {trips} | {users} | ' + ' | '.join(f'{timings[label]:.1f} ms' for label in labels)
                  + f' | {rss:.0f} MiB |')


if __name__ == '__main__':
    main()

"""The seeded data, saved once and loaded into each later run's fresh database, so that every
run starts from the same trips without seeding them again through the API."""

from pathlib import Path

import bson
from pymongo import MongoClient

COLLECTIONS = ('users', 'trips')


def save(uri, database, directory: Path):
    directory.mkdir(parents=True, exist_ok=True)
    with MongoClient(uri, serverSelectionTimeoutMS=5000) as client:
        for name in COLLECTIONS:
            documents = client[database][name].find()
            (directory / f'{name}.bson').write_bytes(b''.join(bson.encode(document) for document in documents))


def load(uri, database, directory: Path):
    with MongoClient(uri, serverSelectionTimeoutMS=5000) as client:
        for name in COLLECTIONS:
            client[database][name].insert_many(bson.decode_all((directory / f'{name}.bson').read_bytes()))

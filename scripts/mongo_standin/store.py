"""Persistence in --dbpath, so data outlives the process as it does with mongod.

Everything lives in one BSON file: per collection, one document holding its
indexes and its documents. The file is rewritten whole, shortly after
changes and on shutdown, through a temporary file and os.replace, so a crash
leaves either the previous or the new version, never a torn one.
"""

import fcntl
import logging
import os
from pathlib import Path

import bson

from .codec import CODEC
from .engine import Engine

log = logging.getLogger(__name__)

DATA_FILE = 'standin.bson'
LOCK_FILE = 'standin.lock'


class DbpathInUse(Exception):
    pass


class Store:
    def __init__(self, dbpath: Path):
        dbpath.mkdir(parents=True, exist_ok=True)
        self._path = dbpath / DATA_FILE
        # Two servers writing the same files would overwrite each other's data.
        # The lock lasts as long as this file stays open, i.e. the process.
        self._lock = open(dbpath / LOCK_FILE, 'wb')  # noqa: SIM115
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DbpathInUse(f'{dbpath} is in use by another mongo_standin') from None

    def load(self, engine: Engine):
        if not self._path.exists():
            return
        with self._path.open('rb') as data:
            for entry in bson.decode_file_iter(data, CODEC):
                engine.collection(entry['db'], entry['collection']).restore(
                    entry['documents'], entry['indexes'])
        log.info('loaded %s', self._path)

    def save(self, engine: Engine):
        temporary = self._path.with_name(self._path.name + '.tmp')
        with temporary.open('wb') as data:
            for db, name in engine.namespaces():
                collection = engine.collection(db, name)
                data.write(bson.encode({
                    'db': db,
                    'collection': name,
                    'indexes': collection.index_specs(),
                    'documents': collection.stored_documents(),
                }, codec_options=CODEC))
            data.flush()
            os.fsync(data.fileno())
        os.replace(temporary, self._path)


class DelayedSave:
    """Saves at most DELAY seconds after the first unsaved change, so bursts of
    writes cost one save, and once more on shutdown."""

    DELAY = 0.2

    def __init__(self, store: Store, engine: Engine, loop):
        self._store = store
        self._engine = engine
        self._loop = loop
        self._pending = None
        self._unsaved = False

    def changed(self):
        self._unsaved = True
        if self._pending is None:
            self._pending = self._loop.call_later(self.DELAY, self._save_in_background)

    def flush(self):
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        if self._unsaved:
            self._store.save(self._engine)
            self._unsaved = False

    def _save_in_background(self):
        try:
            self.flush()
        except OSError:
            # Keep serving: the next change or the shutdown tries again.
            log.exception('saving the data failed')

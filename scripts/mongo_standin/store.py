"""Persistence in --dbpath, so data outlives the process as it does with mongod.

SQLite in WAL mode holds a row per collection (its indexes) and a row per document, the
document as BSON. The changes of each write command are committed in one transaction
before its reply goes out: a killed process loses nothing it acknowledged, and a write that
cannot be committed (a full disk) is undone in memory and answered with an error. As with
mongod, a commit reaches the operating system at once and the disk itself (fsync) only
when the write concern asks for the journal (j: true); a power cut may lose the writes of
the last moments otherwise, as it may with mongod's default write concern. Start-up
reads the rows back as they were saved, without checking them again, and builds the
indexes once over everything.

A data file of earlier versions (standin.bson, rewritten whole after every change) is
migrated on the first start and then renamed standin.bson.migrated.
"""

import fcntl
import itertools
import logging
import sqlite3
import time
from pathlib import Path

import bson

from .codec import CODEC
from .engine import Engine, IndexedStore
from .errors import CommandError

log = logging.getLogger(__name__)

DATA_FILE = 'standin.sqlite'
LEGACY_FILE = 'standin.bson'
LOCK_FILE = 'standin.lock'
# mongod's code for a write refused because the disk is full.
_OUT_OF_DISK_SPACE = 14031
_SAVE_FAILED = 8

_SCHEMA = '''
CREATE TABLE IF NOT EXISTS collections (
    id INTEGER PRIMARY KEY,
    db TEXT NOT NULL,
    name TEXT NOT NULL,
    indexes BLOB NOT NULL,
    UNIQUE (db, name)
);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    collection INTEGER NOT NULL REFERENCES collections (id),
    document BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_by_collection ON documents (collection, id);
'''


class DbpathInUse(Exception):
    pass


class DataFileError(Exception):
    """The data file cannot be opened, read or written at start-up."""


class Store:
    def __init__(self, dbpath: Path):
        dbpath.mkdir(parents=True, exist_ok=True)
        self._dbpath = dbpath
        self._path = dbpath / DATA_FILE
        # Two servers writing the same files would overwrite each other's data.
        # The lock lasts as long as this file stays open, i.e. the process.
        self._lock = open(dbpath / LOCK_FILE, 'wb')  # noqa: SIM115
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DbpathInUse(f'{dbpath} is in use by another mongo_standin') from None
        self._collection_ids = {}
        try:
            # Autocommit: transactions are begun and committed explicitly.
            self._db = sqlite3.connect(self._path, isolation_level=None)
            if self._db.execute('PRAGMA journal_mode=WAL').fetchone()[0] != 'wal':
                raise DataFileError(f'{self._path}: cannot switch to WAL mode')
            problems = [row[0] for row in self._db.execute('PRAGMA quick_check')]
            if problems != ['ok']:
                raise DataFileError(f'{self._path} is damaged: {"; ".join(problems[:5])}')
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as error:
            raise DataFileError(f'{self._path}: {error}') from None

    def load(self, engine: Engine):
        try:
            self._load(engine)
        except sqlite3.Error as error:
            raise DataFileError(f'{self._path}: {error}') from None
        legacy = self._dbpath / LEGACY_FILE
        if legacy.exists():
            self._migrate(legacy, engine)

    def _load(self, engine):
        started = time.monotonic()
        rows = self._db.execute(
            'SELECT collection, id, document FROM documents ORDER BY collection, id')
        documents = {collection: list(group)
                     for collection, group in itertools.groupby(rows, key=lambda row: row[0])}
        count = 0
        for collection_id, db, name, indexes in self._db.execute(
                'SELECT id, db, name, indexes FROM collections'):
            self._collection_ids[(db, name)] = collection_id
            saved = documents.pop(collection_id, [])
            count += len(saved)
            engine.collection(db, name)._store.replace_contents(  # pylint: disable=protected-access
                _index_dicts(indexes), ((bson.decode(document, CODEC), rowid)
                                        for _, rowid, document in saved))
        if documents:
            raise DataFileError(f'{self._path}: documents of unknown collections {sorted(documents)}')
        engine.changes.clear()
        log.info('loaded %d documents in %d collections from %s in %.1f s',
                 count, len(self._collection_ids), self._path, time.monotonic() - started)

    def _migrate(self, legacy, engine):
        if not self._collection_ids:
            with legacy.open('rb') as data:
                for entry in bson.decode_file_iter(data, CODEC):
                    engine.collection(entry['db'], entry['collection']).restore(
                        entry['documents'], entry['indexes'])
            try:
                self.save(engine)
            except CommandError as error:
                raise DataFileError(f'migrating {legacy}: {error}') from None
            log.info('migrated %s into %s', legacy, self._path)
        legacy.rename(legacy.with_name(LEGACY_FILE + '.migrated'))

    def save(self, engine: Engine, journal=False):
        """Commit every change since the last save, fsynced if journal; on failure, undo them
        in memory too and raise the CommandError to answer with."""
        changed = list(engine.changes)
        engine.changes.clear()
        if not changed:
            return
        assigned = []
        collection_ids = dict(self._collection_ids)
        try:
            # The safety level cannot change inside a transaction.
            self._db.execute(f'PRAGMA synchronous={"FULL" if journal else "NORMAL"}')
            self._db.execute('BEGIN IMMEDIATE')
            for store in changed:
                assigned.extend(self._save_collection(store))
            self._db.execute('COMMIT')
        except sqlite3.Error as error:
            self._collection_ids = collection_ids
            self._undo(changed)
            code = (_OUT_OF_DISK_SPACE if getattr(error, 'sqlite_errorcode', None) == sqlite3.SQLITE_FULL
                    else _SAVE_FAILED)
            log.error('saving to %s failed, nothing of this write was kept: %s', self._path, error)
            raise CommandError(code, f'mongo_standin could not save the write to disk: {error}') from None
        for store, key, rowid in assigned:
            if rowid is None:
                store.rowids.pop(key, None)
            else:
                store.rowids[key] = rowid
        for store in changed:
            store.saved()

    def _save_collection(self, store: IndexedStore):
        """Write one collection's changes; returns the (store, key, rowid) to record once
        committed (rowid None: the row is gone)."""
        assigned = []
        namespace = (store.db, store.name)
        collection_id = self._collection_ids.get(namespace)
        if store.dropped and collection_id is not None:
            self._db.execute('DELETE FROM documents WHERE collection = ?', (collection_id,))
            self._db.execute('DELETE FROM collections WHERE id = ?', (collection_id,))
            del self._collection_ids[namespace]
            collection_id = None
            assigned.extend((store, key, None) for key in store.rowids)
        if not store.is_created:
            return assigned
        indexes = bson.encode({'indexes': store.saved_index_specs()}, codec_options=CODEC)
        if collection_id is None:
            collection_id = self._db.execute(
                'INSERT INTO collections (db, name, indexes) VALUES (?, ?, ?)',
                (store.db, store.name, indexes)).lastrowid
            self._collection_ids[namespace] = collection_id
        elif store.options_changed:
            self._db.execute('UPDATE collections SET indexes = ? WHERE id = ?', (indexes, collection_id))
        for key in store.dirty:
            document = store.document(key)
            rowid = None if store.dropped else store.rowids.get(key)
            if document is None:
                if rowid is not None:
                    self._db.execute('DELETE FROM documents WHERE id = ?', (rowid,))
                    assigned.append((store, key, None))
                continue
            encoded = bson.encode(document, codec_options=CODEC)
            if rowid is None:
                rowid = self._db.execute(
                    'INSERT INTO documents (collection, document) VALUES (?, ?)',
                    (collection_id, encoded)).lastrowid
                assigned.append((store, key, rowid))
            else:
                self._db.execute('UPDATE documents SET document = ? WHERE id = ?', (encoded, rowid))
        return assigned

    def _undo(self, changed):
        try:
            self._db.execute('ROLLBACK')
        except sqlite3.Error:
            pass  # no transaction was open
        for store in changed:
            collection_id = self._collection_ids.get((store.db, store.name))
            if collection_id is None:
                store.replace_contents({}, (), created=False)
                continue
            (indexes,) = self._db.execute(
                'SELECT indexes FROM collections WHERE id = ?', (collection_id,)).fetchone()
            store.replace_contents(_index_dicts(indexes), (
                (bson.decode(document, CODEC), rowid) for rowid, document in self._db.execute(
                    'SELECT id, document FROM documents WHERE collection = ? ORDER BY id',
                    (collection_id,))))

    def close(self):
        self._db.close()
        self._lock.close()


def _index_dicts(encoded):
    """mongomock's {name: index} from the saved listIndexes-style specs."""
    return {spec['name']: {'key': list(spec['key'].items()),
                           **{option: value for option, value in spec.items()
                              if option not in ('name', 'key', 'v')}}
            for spec in bson.decode(encoded, CODEC)['indexes']}

"""TTL indexes: documents whose indexed date is more than expireAfterSeconds old are
deleted by a periodic sweep, as mongod's TTL monitor does (every 60 s by default), so
they may outlive their expiry by up to one interval."""

import asyncio
import datetime
import logging

from .engine import Engine
from .errors import CommandError

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 60.0


def expire(engine: Engine, now: datetime.datetime):
    """Delete every expired document; returns how many."""
    removed = 0
    for db, name in list(engine.namespaces()):
        store = engine.collection(db, name)._store  # pylint: disable=protected-access
        for index in list(store.index_objects()):
            if index.expire_after is None:
                continue
            for key in index.expired(now):
                if store.document(key) is not None:
                    del store[key]
                    removed += 1
    return removed


async def sweep(engine: Engine, save, interval: float):
    while True:
        await asyncio.sleep(interval)
        try:
            removed = expire(engine, datetime.datetime.now(datetime.UTC))
            save()
        except CommandError as error:
            # save() undid the deletions in memory too; the next sweep finds them again.
            log.error('TTL sweep could not save its deletions: %s', error)
            continue
        except Exception:  # pylint: disable=broad-except
            # A sweep that dies would never expire anything again.
            log.exception('TTL sweep failed; trying again next time')
            continue
        if removed:
            log.info('TTL sweep deleted %d expired documents', removed)

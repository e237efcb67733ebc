"""Server-side cursors: query results handed out in batches across getMore calls."""

import itertools
import time
from dataclasses import dataclass, field

import bson
from bson.int64 import Int64

from .codec import CODEC
from .errors import CommandError

DEFAULT_FIRST_BATCH = 101
# A batch must fit in one reply document, which drivers cap at 16 MiB;
# leave room for the envelope around it.
_MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024
# mongod's default cursorTimeoutMillis: clients that stop reading early
# (and never send killCursors) must not keep results forever.
_IDLE_SECONDS = 600


@dataclass
class _Cursor:
    namespace: str
    documents: list
    position: int = 0
    last_used: float = field(default_factory=time.monotonic)


class Cursors:
    def __init__(self):
        self._open = {}
        self._ids = itertools.count(1)

    def first_batch(self, namespace, documents, batch_size=None, single_batch=False):
        """The reply's "cursor" field, keeping the remaining documents for getMore."""
        self._expire_idle()
        cursor = _Cursor(namespace, documents)
        batch = self._take(cursor, DEFAULT_FIRST_BATCH if batch_size is None else batch_size)
        cursor_id = 0
        if cursor.position < len(documents) and not single_batch:
            cursor_id = next(self._ids)
            self._open[cursor_id] = cursor
        return {'firstBatch': batch, 'id': Int64(cursor_id), 'ns': namespace}

    def next_batch(self, cursor_id, namespace, batch_size=None):
        cursor = self._open.get(cursor_id)
        if cursor is None or cursor.namespace != namespace:
            raise CommandError(43, f'cursor id {cursor_id} not found')
        batch = self._take(cursor, batch_size or len(cursor.documents))
        cursor.last_used = time.monotonic()
        if cursor.position >= len(cursor.documents):
            del self._open[cursor_id]
            cursor_id = 0
        return {'nextBatch': batch, 'id': Int64(cursor_id), 'ns': namespace}

    def kill(self, cursor_ids):
        """Close the given cursors; returns (killed, not found)."""
        killed = [cursor_id for cursor_id in cursor_ids if self._open.pop(cursor_id, None)]
        return killed, [cursor_id for cursor_id in cursor_ids if cursor_id not in killed]

    @staticmethod
    def _take(cursor, count):
        batch, size = [], 0
        for document in cursor.documents[cursor.position:cursor.position + count]:
            size += len(bson.encode(document, codec_options=CODEC))
            if batch and size > _MAX_BATCH_BYTES:
                break
            batch.append(document)
        cursor.position += len(batch)
        return batch

    def _expire_idle(self):
        deadline = time.monotonic() - _IDLE_SECONDS
        for cursor_id in [i for i, c in self._open.items() if c.last_used < deadline]:
            del self._open[cursor_id]

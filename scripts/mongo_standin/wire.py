"""Message framing: requests as OP_MSG or OP_QUERY, replies in the matching format.

pymongo speaks OP_MSG only. libmongoc 1.23 opens every connection with an
OP_QUERY isMaster and keeps sending its monitoring heartbeats that way, so
both are needed; OP_QUERY is only accepted for commands (``db.$cmd``).
"""

import asyncio
import itertools
import struct
from dataclasses import dataclass

import bson
from bson.errors import BSONError

from .codec import CODEC

OP_REPLY = 1
OP_QUERY = 2004
OP_MSG = 2013

_HEADER = struct.Struct('<iiii')
_INT32 = struct.Struct('<i')
_OP_MSG_PREFIX = struct.Struct('<IB')    # flagBits, section kind 0
_OP_REPLY_PREFIX = struct.Struct('<iqii')  # responseFlags, cursorID, startingFrom, numberReturned

_CHECKSUM_PRESENT = 1 << 0
_MORE_TO_COME = 1 << 1

# What hello advertises as maxMessageSizeBytes; anything larger is not a
# message a driver would send.
MAX_MESSAGE_SIZE = 48_000_000

_reply_ids = itertools.count(1)


class ProtocolError(Exception):
    """The peer sent something that is not a valid request; its connection is closed."""


@dataclass
class Request:
    request_id: int
    op_code: int
    db: str
    command: dict
    wants_reply: bool


async def read_request(reader: asyncio.StreamReader) -> Request:
    """Read one request; raises asyncio.IncompleteReadError when the peer hangs up."""
    length, request_id, _, op_code = _HEADER.unpack(await reader.readexactly(_HEADER.size))
    if not _HEADER.size < length <= MAX_MESSAGE_SIZE:
        raise ProtocolError(f'bad message length {length}')
    body = await reader.readexactly(length - _HEADER.size)
    try:
        if op_code == OP_MSG:
            return _parse_op_msg(request_id, body)
        if op_code == OP_QUERY:
            return _parse_op_query(request_id, body)
    except (BSONError, struct.error, ValueError, IndexError) as error:
        raise ProtocolError(f'malformed opcode {op_code} message: {error}') from error
    raise ProtocolError(f'unsupported opcode {op_code}')


def _parse_op_msg(request_id: int, body: bytes) -> Request:
    (flags,) = _INT32.unpack_from(body)
    end = len(body) - 4 if flags & _CHECKSUM_PRESENT else len(body)
    position = _INT32.size
    command = None
    sequences = {}
    while position < end:
        kind = body[position]
        (size,) = _INT32.unpack_from(body, position + 1)
        section = body[position + 1:position + 1 + size]
        if len(section) != size or position + 1 + size > end:
            raise ProtocolError('OP_MSG section overruns the message')
        if kind == 0:
            command = bson.decode(section, CODEC)
        elif kind == 1:
            # A document sequence is a command field sent outside the body,
            # e.g. libmongoc's insert "documents"; put it back in place.
            name_end = section.index(b'\0', _INT32.size)
            name = section[_INT32.size:name_end].decode()
            sequences[name] = bson.decode_all(section[name_end + 1:], CODEC)
        else:
            raise ProtocolError(f'unknown OP_MSG section kind {kind}')
        position += 1 + size
    if command is None:
        raise ProtocolError('OP_MSG without a body section')
    command.update(sequences)
    return Request(request_id, OP_MSG, command.get('$db', 'admin'), command,
                   wants_reply=not flags & _MORE_TO_COME)


def _parse_op_query(request_id: int, body: bytes) -> Request:
    name_end = body.index(b'\0', _INT32.size)
    namespace = body[_INT32.size:name_end].decode()
    db, _, collection = namespace.partition('.')
    if collection != '$cmd':
        raise ProtocolError(f'OP_QUERY is only supported for commands, not on {namespace}')
    query_start = name_end + 1 + 2 * _INT32.size  # skip numberToSkip, numberToReturn
    (size,) = _INT32.unpack_from(body, query_start)
    query = bson.decode(body[query_start:query_start + size], CODEC)
    # Drivers wrap the command when they attach a read preference.
    command = query.get('$query', query)
    return Request(request_id, OP_QUERY, db, command, wants_reply=True)


def encode_reply(request: Request, document: dict) -> bytes:
    payload = bson.encode(document, codec_options=CODEC)
    if request.op_code == OP_MSG:
        op_code, prefix = OP_MSG, _OP_MSG_PREFIX.pack(0, 0)
    else:
        op_code, prefix = OP_REPLY, _OP_REPLY_PREFIX.pack(0, 0, 0, 1)
    length = _HEADER.size + len(prefix) + len(payload)
    reply_id = next(_reply_ids) & 0x7FFFFFFF
    return _HEADER.pack(length, reply_id, request.request_id, op_code) + prefix + payload

"""Client connections: each one reads requests and answers them in order."""

import asyncio
import itertools
import logging

from . import wire
from .commands import Commands

log = logging.getLogger(__name__)


class Connections:
    def __init__(self, commands: Commands):
        self._commands = commands
        self._ids = itertools.count(1)

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        """Serve one connection until the client leaves; nothing it does can stop the server."""
        connection_id = next(self._ids)
        try:
            while True:
                request = await wire.read_request(reader)
                reply = self._commands.run(request.db, request.command, connection_id)
                if request.wants_reply:
                    writer.write(wire.encode_reply(request, reply))
                    await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        except wire.ProtocolError as error:
            log.warning('connection %d: %s; closing it', connection_id, error)
        except Exception:  # pylint: disable=broad-except
            log.exception('connection %d failed; closing it', connection_id)
        finally:
            writer.close()

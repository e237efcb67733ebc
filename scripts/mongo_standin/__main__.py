"""python -m mongo_standin --port N --dbpath DIR"""

import argparse
import asyncio
import logging
import signal
import sys
from pathlib import Path

from .commands import Commands
from .cursors import Cursors
from .engine import Engine
from .server import Connections
from .store import DbpathInUse, DelayedSave, Store

# Loopback only, and deliberately not configurable: this server has no
# authentication and must never be reachable from another machine.
HOST = '127.0.0.1'

log = logging.getLogger('mongo_standin')


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='python -m mongo_standin',
        description='MongoDB wire-protocol server over mongomock, listening on 127.0.0.1.')
    parser.add_argument('--port', type=int, default=27017)
    parser.add_argument('--dbpath', type=Path, required=True,
                        help='directory holding the data; created if missing')
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    try:
        return asyncio.run(serve(args.port, args.dbpath))
    except (DbpathInUse, OSError) as error:
        log.error('%s', error)
        return 1


async def serve(port, dbpath):
    store = Store(dbpath)
    engine = Engine()
    store.load(engine)
    loop = asyncio.get_running_loop()
    saver = DelayedSave(store, engine, loop)
    connections = Connections(Commands(engine, Cursors(), on_write=saver.changed))
    server = await asyncio.start_server(connections.serve, HOST, port)
    stop = asyncio.Event()
    # A blocked signal mask survives exec, and Swift processes (a test run starting us) block
    # these on their threads: blocked, SIGTERM would never reach the handler.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    log.info('waiting for connections on %s:%d (dbpath %s)', HOST, port, dbpath)
    await stop.wait()
    server.close()
    saver.flush()
    log.info('data saved; shutting down')
    return 0


if __name__ == '__main__':
    sys.exit(main())

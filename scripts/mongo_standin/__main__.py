"""python -m mongo_standin --port N --dbpath DIR [--ttl-interval SECONDS]"""

import argparse
import asyncio
import gc
import logging
import signal
import sys
from pathlib import Path

from .commands import Commands
from .cursors import Cursors
from .engine import Engine
from .server import Connections
from .store import DataFileError, DbpathInUse, Store
from .ttl import DEFAULT_INTERVAL, sweep

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
    parser.add_argument('--ttl-interval', type=float, default=DEFAULT_INTERVAL,
                        help='seconds between sweeps deleting documents expired by TTL indexes')
    args = parser.parse_args(argv)
    if not args.ttl_interval > 0:
        parser.error('--ttl-interval must be a positive number of seconds')
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    try:
        return asyncio.run(serve(args.port, args.dbpath, args.ttl_interval))
    except (DbpathInUse, DataFileError, OSError) as error:
        log.error('%s', error)
        return 1


def _collect_only_young_cycles():
    """Every full collection moves its survivors out of the collector's sight.

    The stored documents and index entries are nearly the whole heap, acyclic, and freed by
    reference counting when deleted; yet each full collection walked all of them again. That
    was a fifth of the CPU of an insert and pauses of 250 ms once a database held 40,000
    trips. What escapes collection is a cycle that was alive at a full collection and dies
    later, as a closed connection's streams might (asyncio breaks most of theirs on close);
    cycles that live and die between full collections, such as a caught error's traceback,
    are still collected."""
    def freeze_survivors(phase, info):
        if phase == 'stop' and info['generation'] == 2:
            gc.freeze()
    gc.callbacks.append(freeze_survivors)


async def serve(port, dbpath, ttl_interval):
    _collect_only_young_cycles()
    store = Store(dbpath)
    engine = Engine()
    store.load(engine)
    # What was saved is as long-lived as anything the collector would meet.
    gc.freeze()

    def save(journal=False):
        store.save(engine, journal)

    connections = Connections(Commands(engine, Cursors(), save))
    server = await asyncio.start_server(connections.serve, HOST, port)
    sweeper = asyncio.create_task(sweep(engine, save, ttl_interval))
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    # A blocked signal mask survives exec, and Swift processes (a test run starting us) block
    # these on their threads: blocked, SIGTERM would never reach the handler.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    log.info('waiting for connections on %s:%d (dbpath %s)', HOST, port, dbpath)
    await stop.wait()
    server.close()
    sweeper.cancel()
    # Every write was committed before its reply: there is nothing left to save.
    store.close()
    log.info('shutting down')
    return 0


if __name__ == '__main__':
    sys.exit(main())

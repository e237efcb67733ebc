"""CPU time and peak memory of a process, from /proc (Linux)."""

import os
import resource

_TICKS_PER_SECOND = os.sysconf('SC_CLK_TCK')


def cpu_ms(pid):
    """User plus system CPU time the process has used so far, in milliseconds."""
    with open(f'/proc/{pid}/stat') as stat:
        # The command name, field 2, may hold spaces; utime and stime are fields 14 and 15.
        fields = stat.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / _TICKS_PER_SECOND


def peak_rss_mib(pid):
    """VmHWM: the largest resident set the process has had."""
    return _status_mib(pid, 'VmHWM')


def rss_mib(pid):
    """VmRSS: the process's resident set now."""
    return _status_mib(pid, 'VmRSS')


def _status_mib(pid, field):
    with open(f'/proc/{pid}/status') as status:
        for line in status:
            if line.startswith(f'{field}:'):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f'no {field} for pid {pid}')


def children_cpu_ms():
    """CPU time of this process's waited-for children (wrk, the bench tool), in milliseconds."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000


class CpuMeter:
    """CPU used over a span by the server, the database and the load generator."""

    def __init__(self, server_pid, db_pid):
        self._pids = {'server': server_pid, 'db': db_pid}

    def __enter__(self):
        self._start = self._sample()
        return self

    def __exit__(self, *_):
        end = self._sample()
        self.used_ms = {name: end[name] - self._start[name] for name in end}

    def _sample(self):
        sample = {name: cpu_ms(pid) for name, pid in self._pids.items()}
        sample['client'] = children_cpu_ms()
        return sample

#!/usr/bin/env python3
"""CPU per thread group of running vmpooler servers, once a second, beside a benchmark's progress.

    python3 bench/thread-cpu.py <benchmark output file> > threads.log &

Every second, for each process whose command line matches 'vmpooler.*jar.* server', prints the CPU ticks
(1/100 s) its threads used in that second, grouped by thread name with digits folded ('api-carrier-N',
'ForkJoinPool-N-' = the manager's carriers, 'CN CompilerThre' = the JIT), and how many lines the benchmark's output
had then, to tell which round a second belongs to. At the end (Ctrl-C or kill) it prints each process's totals.
"""
import collections
import os
import re
import signal
import subprocess
import sys
import time

progress = sys.argv[1] if len(sys.argv) > 1 else None
previous = {}
totals = collections.defaultdict(collections.Counter)


def lines(path):
    try:
        with open(path) as f:
            return sum(1 for _ in f)
    except OSError:
        return 0


def sample(pid):
    groups = collections.Counter()
    for tid in os.listdir(f'/proc/{pid}/task'):
        try:
            with open(f'/proc/{pid}/task/{tid}/stat') as f:
                stat = f.read()
        except OSError:
            continue
        name = re.sub(r'\d+', 'N', stat[stat.index('(') + 1:stat.rindex(')')])
        fields = stat[stat.rindex(')') + 2:].split()
        ticks = int(fields[11]) + int(fields[12])
        groups[name] += ticks - previous.get((pid, tid), ticks)
        previous[(pid, tid)] = ticks
    return groups


def report(*_):
    for pid, groups in totals.items():
        top = ', '.join(f'{name} {ticks / 100:.1f}' for name, ticks in groups.most_common(8))
        print(f'# pid {pid}: {sum(groups.values()) / 100:.1f} s in all; {top}', flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, report)
signal.signal(signal.SIGINT, report)
while True:
    pids = subprocess.run(['pgrep', '-f', 'vmpooler.*jar.* server'], capture_output=True, text=True).stdout.split()
    stamp = time.strftime('%H:%M:%S')
    for pid in pids:
        try:
            groups = sample(pid)
        except OSError:
            continue
        totals[pid].update(groups)
        busy = ' '.join(f'{name}={ticks}' for name, ticks in groups.most_common(6) if ticks > 0)
        print(f'{stamp} L{lines(progress) if progress else 0} pid{pid} {busy}', flush=True)
    time.sleep(1)

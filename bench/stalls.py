#!/usr/bin/env python3
"""Groups the slow checkouts a benchmark wrote (BENCH_SLOW_CHECKOUTS=<file>) into rounds and stalls.

    python3 bench/stalls.py <file> [threshold ms, default 15]

A round starts where the pair numbers start again. For each round it prints the 80th slowest checkout (the p99 of
a round of 8,000) and each stall: a run of checkouts over the threshold, due less than 40 ms apart, with its start
and end by the wall clock (UTC), how many checkouts it held and the slowest. Stalls that recur at a steady period
point at something periodic on the machine; set them beside the server's log (LOG_FORMAT=json gives ms times),
a GC log or `perf sched timehist`.
"""
import datetime
import sys


def clock(millis):
    return datetime.datetime.fromtimestamp(millis / 1000, datetime.timezone.utc).strftime('%H:%M:%S.%f')[:-3]


def rounds(path):
    current, previous = [], -1
    with open(path) as lines:
        for line in lines:
            due, took, pool, pair = line.split()
            if int(pair) < previous - 100 and current:
                yield current
                current = []
            previous = int(pair)
            current.append((int(due), int(took), pool))
    if current:
        yield current


def stalls(checkouts, threshold):
    stall = None
    for due, took, _ in checkouts:
        if took < threshold:
            continue
        if stall and due - stall['last'] < 40:
            stall.update(last=due, end=max(stall['end'], due + took), count=stall['count'] + 1,
                         slowest=max(stall['slowest'], took))
        else:
            if stall:
                yield stall
            stall = dict(start=due, last=due, end=due + took, count=1, slowest=took)
    if stall:
        yield stall


def main():
    threshold = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    for number, checkouts in enumerate(rounds(sys.argv[1]), 1):
        slowest = sorted((took for _, took, _ in checkouts), reverse=True)
        p99 = slowest[79] if len(slowest) > 79 else '<5'
        print(f'round {number}: {len(checkouts)} checkouts over 5 ms, 80th slowest {p99} ms')
        for s in stalls(checkouts, threshold):
            if s['count'] >= 5:
                print(f"  stall {clock(s['start'])}..{clock(s['end'])}: {s['count']} checkouts, "
                      f"slowest {s['slowest']} ms")


if __name__ == '__main__':
    main()
